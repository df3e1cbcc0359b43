package org.paydesk.ui.admin;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Passwords;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService;
import org.paydesk.staff.StaffService.StaffRow;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The staff screen: everyone who signs in, and for the selected one their roles, enabling or
 * disabling them, and a password reset (they choose their own at the next sign-in). The service's
 * rules show here as actions that are not offered: nobody removes their own ADMIN role or disables
 * themselves, and the last enabled ADMIN stays one; the service refuses them anyway.
 */
public final class StaffViewModel {

    /** What the screen does with the staff, on behalf of the signed-in ADMIN. */
    public interface Directory {
        List<StaffRow> list();

        long add(String username, String displayName, Set<Role> roles, char[] password);

        void setRoles(long staffId, Set<Role> roles, long expectedVersion);

        void setDisabled(long staffId, boolean disabled, long expectedVersion);

        void resetPassword(long staffId, char[] password, long expectedVersion);

        static Directory of(StaffService staff, Caller caller) {
            return new Directory() {
                @Override
                public List<StaffRow> list() {
                    return staff.list();
                }

                @Override
                public long add(String username, String displayName, Set<Role> roles, char[] password) {
                    return staff.add(caller, username, displayName, roles, password);
                }

                @Override
                public void setRoles(long staffId, Set<Role> roles, long expectedVersion) {
                    staff.setRoles(caller, staffId, roles, expectedVersion);
                }

                @Override
                public void setDisabled(long staffId, boolean disabled, long expectedVersion) {
                    staff.setDisabled(caller, staffId, disabled, expectedVersion);
                }

                @Override
                public void resetPassword(long staffId, char[] password, long expectedVersion) {
                    staff.resetPassword(caller, staffId, password, expectedVersion);
                }
            };
        }
    }

    static final String PASSWORDS_DIFFER = "The two passwords differ";

    private final Directory directory;
    private final long selfId;
    private final TaskExecutor executor;

    private final ObservableList<StaffRow> rows = FXCollections.observableArrayList();
    private final ObservableList<StaffRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<StaffRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final Map<Role, BooleanProperty> roleChoices = new EnumMap<>(Role.class);
    private final ReadOnlyBooleanWrapper adminLocked = new ReadOnlyBooleanWrapper(this, "adminLocked");
    private final ReadOnlyBooleanWrapper canSaveRoles = new ReadOnlyBooleanWrapper(this, "canSaveRoles");
    private final ReadOnlyBooleanWrapper canToggleDisabled = new ReadOnlyBooleanWrapper(this, "canToggleDisabled");
    private final ReadOnlyStringWrapper toggleText = new ReadOnlyStringWrapper(this, "toggleText", "Disable");
    private final ReadOnlyStringWrapper lockReason = new ReadOnlyStringWrapper(this, "lockReason");
    private final StringProperty newPassword = new SimpleStringProperty(this, "newPassword", "");
    private final StringProperty repeatedPassword = new SimpleStringProperty(this, "repeatedPassword", "");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper(this, "passwordError");
    private final ReadOnlyBooleanWrapper canReset = new ReadOnlyBooleanWrapper(this, "canReset");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "Loading the staff…");
    private long generation;
    private Long selectAfterLoad;

    public StaffViewModel(Directory directory, long selfId, TaskExecutor executor) {
        this.directory = directory;
        this.selfId = selfId;
        this.executor = executor;
        for (Role role : Role.values()) {
            BooleanProperty choice = new SimpleBooleanProperty(this, role.name());
            choice.addListener(o -> update());
            roleChoices.put(role, choice);
        }
        for (Observable o : new Observable[] {selected, busy, newPassword, repeatedPassword}) {
            o.addListener(x -> update());
        }
        selected.addListener((o, old, row) -> {
            for (Role role : Role.values()) {
                roleChoices.get(role).set(row != null && row.roles().contains(role));
            }
            newPassword.set("");
            repeatedPassword.set("");
        });
    }

    public void reload() {
        long ticket = ++generation;
        executor.execute(BackgroundTask.of(p -> directory.list().stream().filter(r -> !r.system()).toList())
                .onSuccess(list -> {
                    if (ticket != generation) {
                        return;
                    }
                    Long keep = selectAfterLoad != null ? selectAfterLoad : selected.get() == null ? null : selected.get().id();
                    selectAfterLoad = null;
                    rows.setAll(list);
                    placeholder.set("No staff yet.");
                    selected.set(keep == null ? null : list.stream().filter(r -> r.id() == keep).findFirst().orElse(null));
                    update();
                })
                .onFailure(e -> {
                    placeholder.set(ErrorText.explain(e));
                    message.set(ErrorText.explain(e));
                }));
    }

    public void select(StaffRow row) {
        selected.set(row);
    }

    /** Whether {@code row} is the only enabled ADMIN in the list. */
    public boolean isLastAdmin(StaffRow row) {
        return row != null && row.isEnabledAdmin() && rows.stream().filter(StaffRow::isEnabledAdmin).count() == 1;
    }

    private void update() {
        StaffRow row = selected.get();
        boolean self = row != null && row.id() == selfId;
        boolean lastAdmin = isLastAdmin(row);
        adminLocked.set(row == null || (row.roles().contains(Role.ADMIN) && (self || lastAdmin)));
        if (row == null) {
            lockReason.set(null);
        } else if (self) {
            lockReason.set("This is you: you cannot remove your own ADMIN role or disable yourself.");
        } else if (lastAdmin) {
            lockReason.set(row.username() + " is the last enabled ADMIN: they keep that role and cannot be disabled.");
        } else {
            lockReason.set(null);
        }
        Set<Role> chosen = chosenRoles();
        canSaveRoles.set(row != null && !busy.get() && !chosen.equals(row.roles())
                && !(adminLocked.get() && row.roles().contains(Role.ADMIN) && !chosen.contains(Role.ADMIN)));
        boolean disabling = row != null && !row.disabled();
        toggleText.set(row == null || disabling ? "Disable" : "Enable");
        canToggleDisabled.set(row != null && !busy.get() && (!disabling || !(self || lastAdmin)));
        String problem = passwordProblem(row);
        boolean typed = !newPassword.get().isEmpty() || !repeatedPassword.get().isEmpty();
        passwordError.set(typed ? problem : null);
        canReset.set(row != null && !busy.get() && problem == null);
    }

    private String passwordProblem(StaffRow row) {
        if (row == null) {
            return "Select a staff member";
        }
        String weakness = Passwords.weakness(newPassword.get().toCharArray(), row.username());
        if (weakness != null) {
            return capitalized(weakness);
        }
        if (!newPassword.get().equals(repeatedPassword.get())) {
            return repeatedPassword.get().isEmpty() ? "Type the password again below" : PASSWORDS_DIFFER;
        }
        return null;
    }

    public Set<Role> chosenRoles() {
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        roleChoices.forEach((role, choice) -> {
            if (choice.get()) {
                chosen.add(role);
            }
        });
        return chosen;
    }

    public void saveRoles() {
        StaffRow row = selected.get();
        if (!canSaveRoles.get()) {
            return;
        }
        Set<Role> roles = chosenRoles();
        act(row.username() + " now has " + (roles.isEmpty() ? "no roles" : rolesText(roles)) + ".",
                () -> directory.setRoles(row.id(), roles, row.version()));
    }

    public void toggleDisabled() {
        StaffRow row = selected.get();
        if (!canToggleDisabled.get()) {
            return;
        }
        boolean disable = !row.disabled();
        act(row.username() + (disable ? " is disabled: they can no longer sign in." : " is enabled again."),
                () -> directory.setDisabled(row.id(), disable, row.version()));
    }

    /** Sets the typed password; the staff member must choose their own at the next sign-in. */
    public void resetPassword() {
        StaffRow row = selected.get();
        if (!canReset.get()) {
            return;
        }
        char[] password = newPassword.get().toCharArray();
        newPassword.set("");
        repeatedPassword.set("");
        act("The password of " + row.username() + " is reset; give it to them: they choose their own when they next sign in.",
                () -> {
                    try {
                        directory.resetPassword(row.id(), password, row.version());
                    } finally {
                        java.util.Arrays.fill(password, '\0');
                    }
                });
    }

    /** After the add form added someone: say so and select them. */
    public void added(long id, String username) {
        message.set("Added " + username + ".");
        selectAfterLoad = id;
        reload();
    }

    private void act(String done, Runnable work) {
        busy.set(true);
        executor.execute(BackgroundTask.of(p -> {
            work.run();
            return done;
        }).onSuccess(text -> {
            busy.set(false);
            message.set(text);
            reload();
        }).onFailure(e -> {
            busy.set(false);
            message.set(ErrorText.explain(e));
            reload();
        }));
    }

    public static String rolesText(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    public static String state(StaffRow row) {
        if (row.disabled()) {
            return "Disabled";
        }
        return row.mustChangePassword() ? "Enabled, must change password" : "Enabled";
    }

    static String capitalized(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    public boolean isSelf(StaffRow row) {
        return row != null && row.id() == selfId;
    }

    public ObservableList<StaffRow> rows() {
        return readOnlyRows;
    }

    public ReadOnlyObjectProperty<StaffRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The role check boxes of the selected staff member. */
    public BooleanProperty roleProperty(Role role) {
        return roleChoices.get(role);
    }

    /** True when the ADMIN box may not be cleared: it is the caller's own, or the last enabled ADMIN's. */
    public ReadOnlyBooleanProperty adminLockedProperty() {
        return adminLocked.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lockReasonProperty() {
        return lockReason.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveRolesProperty() {
        return canSaveRoles.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canToggleDisabledProperty() {
        return canToggleDisabled.getReadOnlyProperty();
    }

    /** "Disable" or "Enable", for the selected staff member. */
    public ReadOnlyStringProperty toggleTextProperty() {
        return toggleText.getReadOnlyProperty();
    }

    public StringProperty newPasswordProperty() {
        return newPassword;
    }

    public StringProperty repeatedPasswordProperty() {
        return repeatedPassword;
    }

    public ReadOnlyStringProperty passwordErrorProperty() {
        return passwordError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canResetProperty() {
        return canReset.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    Directory directory() {
        return directory;
    }

    TaskExecutor executor() {
        return executor;
    }
}
