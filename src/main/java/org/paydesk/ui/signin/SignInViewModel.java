package org.paydesk.ui.signin;

import java.time.Clock;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.staff.Caller;
import org.paydesk.staff.SignInThrottledException;
import org.paydesk.staff.StaffService;
import org.paydesk.ui.task.TaskExecutor;

/**
 * Signs a staff member in; the service's refusals (wrong password, disabled, slow down) become the
 * problem. After a slow-down the problem counts down (the view calls {@link #tick()} every second)
 * and the button comes back when the wait is over.
 */
public final class SignInViewModel extends CredentialsForm {

    /** Checks a name and password: {@link StaffService#signIn} in the app. */
    @FunctionalInterface
    public interface Authenticator {
        Caller signIn(String username, char[] password);
    }

    private final Authenticator authenticator;
    private final Clock clock;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final ReadOnlyLongWrapper waitSeconds = new ReadOnlyLongWrapper(this, "waitSeconds");
    private final BooleanBinding canSignIn;
    private Instant waitUntil;
    private String waitingFor;

    public SignInViewModel(StaffService staff, TaskExecutor executor) {
        this(staff::signIn, executor, Clock.systemUTC());
    }

    public SignInViewModel(Authenticator authenticator, TaskExecutor executor, Clock clock) {
        super(executor);
        this.authenticator = authenticator;
        this.clock = clock;
        canSignIn = Bindings.createBooleanBinding(() -> !busyProperty().get() && waitSeconds.get() == 0
                && !isBlank(username.get()) && !isEmpty(password.get()), busyProperty(), waitSeconds, username, password);
    }

    /** Checks the typed name and password; the password field is empty again at once, as after any attempt. */
    public void signIn() {
        if (!canSignIn.get()) {
            return;
        }
        String name = username.get().strip();
        check(take(password), secret -> authenticator.signIn(name, secret));
    }

    @Override
    protected void failed(Throwable error) {
        if (error instanceof SignInThrottledException throttled) {
            waitUntil = clock.instant().plus(throttled.retryAfter());
            waitingFor = username.get().strip();
            tick();
        }
    }

    /** Counts the slow-down down: updates the seconds left and the problem; at zero the button is back. */
    public void tick() {
        if (waitUntil == null) {
            return;
        }
        long left = SignInThrottledException.seconds(java.time.Duration.between(clock.instant(), waitUntil));
        waitSeconds.set(left);
        if (left > 0) {
            refuse("Too many failed sign-ins for " + waitingFor + ": try again in " + left + " s.");
        } else {
            waitUntil = null;
            refuse("You can try again now.");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** Seconds until another attempt is allowed; 0 when one is. */
    public ReadOnlyLongProperty waitSecondsProperty() {
        return waitSeconds.getReadOnlyProperty();
    }

    public BooleanBinding canSignIn() {
        return canSignIn;
    }
}
