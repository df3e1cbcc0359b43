package org.paydesk.staff;

import java.time.Duration;

/** Sign-in refused unchecked because of recent failures; another attempt is possible after {@link #retryAfter()}. */
public final class SignInThrottledException extends SignInException {

    private final Duration retryAfter;

    public SignInThrottledException(String username, Duration retryAfter) {
        super("too many failed sign-ins for " + username + "; try again in " + seconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up: "1 s" rather than "0 s" for the last fraction. */
    public static long seconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return (millis + 999) / 1000;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
