package org.paydesk.ui.signin;

import java.util.Arrays;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.staff.StaffService;
import org.paydesk.ui.task.TaskExecutor;

/**
 * Creates the first administrator on a database without staff. The two passwords are compared
 * here; every other rule (name, length) is the service's, and its message is shown as it is.
 */
public final class FirstAdminViewModel extends CredentialsForm {

    static final String PASSWORDS_DIFFER = "the two passwords differ; type the same password twice";

    private final StaffService staff;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty displayName = new SimpleStringProperty(this, "displayName", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty repeated = new SimpleStringProperty(this, "repeated", "");
    private final BooleanBinding canCreate;

    public FirstAdminViewModel(StaffService staff, TaskExecutor executor) {
        super(executor);
        this.staff = staff;
        canCreate = Bindings.createBooleanBinding(() -> !busyProperty().get() && !isBlank(username.get())
                && !isEmpty(password.get()) && !isEmpty(repeated.get()), busyProperty(), username, password, repeated);
    }

    /** Both password fields are empty again afterwards: a refused password is typed again, twice. */
    public void create() {
        if (!canCreate.get()) {
            return;
        }
        char[] secret = take(password);
        char[] again = take(repeated);
        boolean same = Arrays.equals(secret, again);
        Arrays.fill(again, '\0');
        if (!same) {
            Arrays.fill(secret, '\0');
            refuse(PASSWORDS_DIFFER);
            return;
        }
        String name = username.get().strip();
        String shownName = displayName.get();
        check(secret, checked -> staff.createFirstAdmin(name, shownName, checked));
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

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty repeatedProperty() {
        return repeated;
    }

    public BooleanBinding canCreate() {
        return canCreate;
    }
}
