package org.paydesk.ui.signin;

import java.time.Clock;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.staff.Caller;
import org.paydesk.staff.PasswordChangeRequiredException;
import org.paydesk.staff.SignInThrottledException;
import org.paydesk.staff.StaffService;
import org.paydesk.ui.task.TaskExecutor;

/**
 * Signs a staff member in; the service's refusals (wrong password, disabled, slow down) become the
 * problem. After a slow-down the problem counts down (the view calls {@link #tick()} every second)
 * and the button comes back when the wait is over. When an administrator reset the password, the
 * right password is not enough: the form asks for a new one, typed twice, and signs in with it.
 */
public final class SignInViewModel extends CredentialsForm {

    /** Checks a name and password: {@link StaffService#signIn} in the app. */
    @FunctionalInterface
    public interface Authenticator {
        Caller signIn(String username, char[] password);
    }

    /** Signs in with the current password and sets a new one: {@link StaffService#signInWithNewPassword} in the app. */
    @FunctionalInterface
    public interface PasswordChanger {
        Caller signIn(String username, char[] password, char[] newPassword);
    }

    static final String CHOOSE_NEW = "An administrator reset your password: choose a new one to sign in.";
    static final String NEW_PASSWORDS_DIFFER = "the two new passwords differ; type the same password twice";

    private final Authenticator authenticator;
    private final PasswordChanger changer;
    private final Clock clock;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty newPassword = new SimpleStringProperty(this, "newPassword", "");
    private final StringProperty repeatedPassword = new SimpleStringProperty(this, "repeatedPassword", "");
    private final ReadOnlyBooleanWrapper mustChange = new ReadOnlyBooleanWrapper(this, "mustChange");
    /** The right current password while a new one is chosen; wiped once signed in. */
    private char[] current;
    private char[] attempt;
    private final ReadOnlyLongWrapper waitSeconds = new ReadOnlyLongWrapper(this, "waitSeconds");
    private final BooleanBinding canSignIn;
    private Instant waitUntil;
    private String waitingFor;

    public SignInViewModel(StaffService staff, TaskExecutor executor) {
        this(staff::signIn, staff::signInWithNewPassword, executor, Clock.systemUTC());
    }

    public SignInViewModel(Authenticator authenticator, TaskExecutor executor, Clock clock) {
        this(authenticator, (name, secret, chosen) -> {
            throw new UnsupportedOperationException("changing the password is not possible here");
        }, executor, clock);
    }

    public SignInViewModel(Authenticator authenticator, PasswordChanger changer, TaskExecutor executor, Clock clock) {
        super(executor);
        this.authenticator = authenticator;
        this.changer = changer;
        this.clock = clock;
        canSignIn = Bindings.createBooleanBinding(() -> !busyProperty().get() && waitSeconds.get() == 0
                && !isBlank(username.get()) && (mustChange.get()
                        ? !isEmpty(newPassword.get()) && !isEmpty(repeatedPassword.get()) : !isEmpty(password.get())),
                busyProperty(), waitSeconds, username, password, mustChange, newPassword, repeatedPassword);
        callerProperty().addListener((o, old, caller) -> wipe());
        cancelledProperty().addListener((o, old, cancelled) -> wipe());
    }

    /**
     * Checks the typed name and password (or, after a reset, sets the new password); the password
     * fields are empty again at once, as after any attempt.
     */
    public void signIn() {
        if (!canSignIn.get()) {
            return;
        }
        String name = username.get().strip();
        if (mustChange.get()) {
            char[] chosen = take(newPassword);
            char[] again = take(repeatedPassword);
            boolean same = java.util.Arrays.equals(chosen, again);
            java.util.Arrays.fill(again, '\0');
            if (!same) {
                java.util.Arrays.fill(chosen, '\0');
                refuse(NEW_PASSWORDS_DIFFER);
                return;
            }
            char[] known = current;
            check(chosen, secret -> changer.signIn(name, known, secret));
            return;
        }
        char[] secret = take(password);
        attempt = secret.clone();
        check(secret, typed -> authenticator.signIn(name, typed));
    }

    private void wipe() {
        for (char[] secret : new char[][] {current, attempt}) {
            if (secret != null) {
                java.util.Arrays.fill(secret, '\0');
            }
        }
        current = null;
        attempt = null;
    }

    @Override
    protected void failed(Throwable error) {
        if (error instanceof PasswordChangeRequiredException && attempt != null) {
            current = attempt;
            attempt = null;
            mustChange.set(true);
            refuse(CHOOSE_NEW);
            return;
        }
        if (!mustChange.get()) {
            wipe();
        }
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

    /** After a reset: the new password, and the same again. */
    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public StringProperty repeatedPasswordProperty() {
        return repeatedPassword;
    }

    /** True once the service said the password was reset: a new one must be chosen to sign in. */
    public ReadOnlyBooleanProperty mustChangeProperty() {
        return mustChange.getReadOnlyProperty();
    }

    /** Seconds until another attempt is allowed; 0 when one is. */
    public ReadOnlyLongProperty waitSecondsProperty() {
        return waitSeconds.getReadOnlyProperty();
    }

    public BooleanBinding canSignIn() {
        return canSignIn;
    }
}
