package org.paydesk.ui.signin;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.staff.StaffService;
import org.paydesk.ui.task.TaskExecutor;

/** Signs a staff member in; the service's refusals (wrong password, disabled, slow down) become the problem. */
public final class SignInViewModel extends CredentialsForm {

    private final StaffService staff;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final BooleanBinding canSignIn;

    public SignInViewModel(StaffService staff, TaskExecutor executor) {
        super(executor);
        this.staff = staff;
        canSignIn = Bindings.createBooleanBinding(() -> !busyProperty().get() && !isBlank(username.get())
                && !isEmpty(password.get()), busyProperty(), username, password);
    }

    /** Checks the typed name and password; the password field is empty again at once, as after any attempt. */
    public void signIn() {
        if (!canSignIn.get()) {
            return;
        }
        String name = username.get().strip();
        check(take(password), secret -> staff.signIn(name, secret));
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

    public BooleanBinding canSignIn() {
        return canSignIn;
    }
}
