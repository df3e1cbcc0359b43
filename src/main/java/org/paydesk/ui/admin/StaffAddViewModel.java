package org.paydesk.ui.admin;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.paydesk.staff.Passwords;
import org.paydesk.staff.Role;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The "add a staff member" form: username, display name, roles and a first password typed twice,
 * checked as typed (a field's error shows once it was edited, or all of them after a submit). The
 * service has the last word on every rule (a name already taken, say).
 */
public final class StaffAddViewModel {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final StaffViewModel.Directory directory;
    private final TaskExecutor executor;
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty displayName = new SimpleStringProperty(this, "displayName", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty repeated = new SimpleStringProperty(this, "repeated", "");
    private final Map<Role, BooleanProperty> roles = new EnumMap<>(Role.class);
    private final ReadOnlyStringWrapper usernameError = new ReadOnlyStringWrapper(this, "usernameError");
    private final ReadOnlyStringWrapper rolesError = new ReadOnlyStringWrapper(this, "rolesError");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper(this, "passwordError");
    private final ReadOnlyStringWrapper repeatedError = new ReadOnlyStringWrapper(this, "repeatedError");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private boolean usernameTouched;
    private boolean passwordTouched;
    private boolean repeatedTouched;
    private boolean rolesTouched;
    private boolean submitted;
    private BiConsumer<Long, String> onAdded = (id, name) -> { };

    public StaffAddViewModel(StaffViewModel.Directory directory, TaskExecutor executor) {
        this.directory = directory;
        this.executor = executor;
        for (Role role : Role.values()) {
            BooleanProperty choice = new SimpleBooleanProperty(this, role.name(), role == Role.CLERK);
            choice.addListener(o -> rolesTouched = true);
            choice.addListener(o -> validate());
            roles.put(role, choice);
        }
        username.addListener((Observable o) -> usernameTouched = true);
        password.addListener((Observable o) -> passwordTouched = true);
        repeated.addListener((Observable o) -> repeatedTouched = true);
        for (Observable field : new Observable[] {username, password, repeated}) {
            field.addListener(o -> validate());
        }
        validate();
    }

    private void validate() {
        String name = username.get().strip();
        String nameProblem = name.isEmpty() ? "A username is required"
                : USERNAME.matcher(name).matches() ? null : "Letters, digits, '_', '.' or '-' only (at most 64)";
        String rolesProblem = chosenRoles().isEmpty() ? "Choose at least one role" : null;
        String weakness = Passwords.weakness(password.get().toCharArray(), name);
        String passwordProblem = weakness == null ? null : StaffViewModel.capitalized(weakness);
        String repeatedProblem = password.get().equals(repeated.get()) ? null : StaffViewModel.PASSWORDS_DIFFER;
        valid.set(nameProblem == null && rolesProblem == null && passwordProblem == null && repeatedProblem == null);
        usernameError.set(submitted || usernameTouched ? nameProblem : null);
        rolesError.set(submitted || rolesTouched ? rolesProblem : null);
        passwordError.set(submitted || passwordTouched ? passwordProblem : null);
        repeatedError.set(submitted || repeatedTouched ? repeatedProblem : null);
    }

    public Set<Role> chosenRoles() {
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        roles.forEach((role, on) -> {
            if (on.get()) {
                chosen.add(role);
            }
        });
        return chosen;
    }

    /** Adds the staff member; shows every field's error instead when the form is not valid. */
    public void submit() {
        submitted = true;
        validate();
        if (!valid.get() || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set(null);
        String name = username.get().strip();
        String shown = displayName.get();
        Set<Role> chosen = chosenRoles();
        char[] secret = password.get().toCharArray();
        executor.execute(BackgroundTask.of(p -> {
            try {
                return directory.add(name, shown, chosen, secret);
            } finally {
                java.util.Arrays.fill(secret, '\0');
            }
        }).onSuccess(id -> {
            busy.set(false);
            password.set("");
            repeated.set("");
            onAdded.accept(id, name);
        }).onFailure(e -> {
            busy.set(false);
            problem.set(ErrorText.explain(e));
        }));
    }

    public void setOnAdded(BiConsumer<Long, String> action) {
        this.onAdded = action;
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

    public BooleanProperty roleProperty(Role role) {
        return roles.get(role);
    }

    public ReadOnlyStringProperty usernameErrorProperty() {
        return usernameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rolesErrorProperty() {
        return rolesError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordErrorProperty() {
        return passwordError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty repeatedErrorProperty() {
        return repeatedError.getReadOnlyProperty();
    }

    /** Why the service refused the last submit, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
