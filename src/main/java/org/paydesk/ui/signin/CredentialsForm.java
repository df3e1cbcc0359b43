package org.paydesk.ui.signin;

import java.util.Arrays;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import org.paydesk.staff.Caller;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * What the two start-up dialogs share: a check that runs in the background while the form is busy,
 * an inline problem when it fails, and the signed-in caller when it succeeds, unless cancelled first.
 */
public abstract class CredentialsForm {

    private final TaskExecutor executor;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyObjectWrapper<Caller> caller = new ReadOnlyObjectWrapper<>(this, "caller");
    private final ReadOnlyBooleanWrapper cancelled = new ReadOnlyBooleanWrapper(this, "cancelled");

    protected CredentialsForm(TaskExecutor executor) {
        this.executor = executor;
    }

    /**
     * Takes the password out of its property, so the typed text lives no longer than needed (a
     * String cannot be wiped; the copy handed on is a char[] that can).
     */
    protected static char[] take(StringProperty password) {
        String typed = password.get();
        password.set("");
        return typed == null ? new char[0] : typed.toCharArray();
    }

    /** Runs {@code check} off the UI thread; the password is wiped afterwards, whatever the outcome. */
    protected final void check(char[] password, Function<char[], Caller> check) {
        busy.set(true);
        problem.set(null);
        executor.execute(BackgroundTask.of(progress -> {
                    try {
                        return check.apply(password);
                    } finally {
                        Arrays.fill(password, '\0');
                    }
                })
                .onSuccess(signedIn -> {
                    busy.set(false);
                    // After a cancel the app is closing: a late success must not open the main window.
                    if (!cancelled.get()) {
                        caller.set(signedIn);
                    }
                })
                .onFailure(error -> {
                    busy.set(false);
                    problem.set(ErrorText.explain(error));
                    failed(error);
                }));
    }

    /** After a failed check, once the problem is shown: a form may say more (e.g. count down a wait). */
    protected void failed(Throwable error) {
    }

    protected final void refuse(String why) {
        problem.set(why);
    }

    public final void cancel() {
        cancelled.set(true);
    }

    /** True while the service checks (Argon2 takes a noticeable moment). */
    public final ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Why the last attempt failed, in the service's words; null when there is nothing to say. */
    public final ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The signed-in staff member once the form succeeded; null until then. */
    public final ReadOnlyObjectProperty<Caller> callerProperty() {
        return caller.getReadOnlyProperty();
    }

    public final ReadOnlyBooleanProperty cancelledProperty() {
        return cancelled.getReadOnlyProperty();
    }
}
