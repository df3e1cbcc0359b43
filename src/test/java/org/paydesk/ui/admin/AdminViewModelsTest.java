package org.paydesk.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.paydesk.settings.SettingsChangedException;
import org.paydesk.settings.SettingsStore;
import org.paydesk.staff.AuditDiff;
import org.paydesk.staff.AuditTrail;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService.StaffRow;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;
import org.paydesk.ui.task.QueuedTaskExecutor;

/** The three admin screens' logic without a toolkit or a database: filters, diff, validation, which actions are offered. */
class AdminViewModelsTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    @Nested
    class Audit {

        /** Rows numbered down from 250, every one by ada; records each filter it was asked for. */
        final class FakeTrail implements AuditViewModel.Source {
            final List<AuditTrail.Filter> asked = new ArrayList<>();
            Path exportedTo;

            @Override
            public List<AuditTrail.Row> page(AuditTrail.Filter filter, int limit) {
                asked.add(filter);
                long top = filter.beforeId() == null ? 251 : filter.beforeId();
                List<AuditTrail.Row> rows = new ArrayList<>();
                for (long id = top - 1; id > 0 && rows.size() < limit; id--) {
                    rows.add(row(id, "settings.update", "{\"value\": \"0.30\"}", "{\"value\": \"0.35\"}"));
                }
                return rows;
            }

            @Override
            public long exportCsv(AuditTrail.Filter filter, Path file, BooleanSupplier cancelled) {
                asked.add(filter);
                exportedTo = file;
                return 250;
            }

            @Override
            public List<String> staffNames() {
                return List.of("ada", "cleo", "system");
            }
        }

        private AuditTrail.Row row(long id, String action, String before, String after) {
            return new AuditTrail.Row(id, Instant.parse("2026-03-01T10:00:00Z"), "ada", "ada", "desk-1", action, "setting",
                    "charge.fixed_fee", before, after, null);
        }

        @Test
        void theFiltersBecomeOneServerQueryAndTheDaysAreWholeLocalDays() {
            FakeTrail trail = new FakeTrail();
            AuditViewModel audit = new AuditViewModel(trail, new CurrentThreadTaskExecutor(), Locale.US, ZONE, 100);
            audit.shown();
            assertThat(audit.staffNames()).containsExactly("ada", "cleo", "system");
            assertThat(audit.rows()).hasSize(100);
            assertThat(audit.rows().get(0).id()).as("newest first").isEqualTo(250);
            assertThat(trail.asked.get(0)).isEqualTo(AuditTrail.Filter.ALL);

            audit.staffFilterProperty().set("cleo");
            audit.actionFilterProperty().set("settings");
            audit.searchTarget("  setting currency ");
            audit.fromDateProperty().set(LocalDate.of(2026, 3, 1));
            audit.toDateProperty().set(LocalDate.of(2026, 3, 31));
            AuditTrail.Filter last = trail.asked.get(trail.asked.size() - 1);
            assertThat(last).isEqualTo(new AuditTrail.Filter("cleo", "settings", "setting currency",
                    Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-31T22:00:00Z"), null));

            audit.toDateProperty().set(LocalDate.of(2026, 2, 1));
            int askedBefore = trail.asked.size();
            assertThat(audit.dateProblemProperty().get()).isEqualTo("The first day is after the last day");
            assertThat(audit.rows()).isEmpty();
            assertThat(trail.asked).as("no query for an empty range").hasSize(askedBefore);

            audit.clearFilters();
            assertThat(audit.dateProblemProperty().get()).isNull();
            assertThat(trail.asked.get(trail.asked.size() - 1)).isEqualTo(AuditTrail.Filter.ALL);
            assertThat(trail.asked).as("clearing asks once").hasSize(askedBefore + 1);
        }

        @Test
        void morePagesContinueAfterTheLastRowShownUntilThereAreNoMore() {
            FakeTrail trail = new FakeTrail();
            AuditViewModel audit = new AuditViewModel(trail, new CurrentThreadTaskExecutor(), Locale.US, ZONE, 100);
            audit.reload();
            assertThat(audit.hasMoreProperty().get()).isTrue();
            assertThat(audit.countProperty().get()).isEqualTo("100+ rows (scroll for more)");
            audit.loadNextPage();
            assertThat(trail.asked.get(1).beforeId()).isEqualTo(151);
            audit.loadNextPage();
            assertThat(audit.rows()).hasSize(250);
            assertThat(audit.rows().get(249).id()).isEqualTo(1);
            assertThat(audit.hasMoreProperty().get()).isFalse();
            assertThat(audit.countProperty().get()).isEqualTo("250 rows");
            audit.loadNextPage();
            assertThat(trail.asked).hasSize(3);
        }

        @Test
        void anAnswerToAnOlderFilterIsDropped() {
            FakeTrail trail = new FakeTrail();
            QueuedTaskExecutor later = new QueuedTaskExecutor();
            AuditViewModel audit = new AuditViewModel(trail, later, Locale.US, ZONE, 100);
            audit.reload();
            audit.staffFilterProperty().set("cleo");
            later.run(1);
            int shown = audit.rows().size();
            later.run(0);
            assertThat(audit.rows()).hasSize(shown);
            assertThat(trail.asked.get(0).staff()).as("the late answer was for the old filter").isEqualTo("cleo");
        }

        @Test
        void theSelectedRowShowsItsBeforeAndAfterKeyByKey() {
            FakeTrail trail = new FakeTrail();
            AuditViewModel audit = new AuditViewModel(trail, new CurrentThreadTaskExecutor(), Locale.US, ZONE, 100);
            audit.reload();
            audit.select(row(7, "staff.roles", "{\"username\": \"cleo\", \"roles\": [\"CLERK\"]}",
                    "{\"roles\": [\"APPROVER\", \"CLERK\"]}"));
            assertThat(audit.diff()).containsExactly(new AuditDiff.Line("username", "cleo", null, true),
                    new AuditDiff.Line("roles", "CLERK", "APPROVER, CLERK", true));
            assertThat(audit.detailProperty().get()).startsWith("#7  staff.roles by ada · ").contains("ada@desk-1")
                    .contains("setting charge.fixed_fee");
            assertThat(AuditViewModel.change(audit.rows().get(0))).isEqualTo("value: 0.30 → 0.35");
            audit.select(null);
            assertThat(audit.diff()).isEmpty();
        }

        @Test
        void theExportGetsTheFiltersAndSaysHowManyRows() {
            FakeTrail trail = new FakeTrail();
            AuditViewModel audit = new AuditViewModel(trail, new CurrentThreadTaskExecutor(), Locale.US, ZONE, 100);
            audit.actionFilterProperty().set("staff");
            audit.export(Path.of("/tmp/audit.csv"));
            assertThat(trail.exportedTo).isEqualTo(Path.of("/tmp/audit.csv"));
            assertThat(trail.asked.get(trail.asked.size() - 1).action()).isEqualTo("staff");
            assertThat(audit.messageProperty().get()).isEqualTo("Exported 250 rows to /tmp/audit.csv.");
            assertThat(audit.exportingProperty().get()).isFalse();
        }
    }

    @Nested
    class Staff {

        /** A staff list in memory that applies changes like the service would, version checks aside. */
        final class FakeDirectory implements StaffViewModel.Directory {
            final Map<Long, StaffRow> rows = new LinkedHashMap<>();
            final List<String> calls = new ArrayList<>();

            FakeDirectory() {
                put(new StaffRow(1, "system", "System", EnumSet.allOf(Role.class), false, true, 0, false));
                put(new StaffRow(2, "ada", "Ada Admin", EnumSet.allOf(Role.class), false, false, 0, false));
                put(new StaffRow(3, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK), false, false, 0, false));
            }

            void put(StaffRow row) {
                rows.put(row.id(), row);
            }

            @Override
            public List<StaffRow> list() {
                return List.copyOf(rows.values());
            }

            @Override
            public long add(String username, String displayName, Set<Role> roles, char[] password) {
                long id = rows.size() + 1;
                calls.add("add " + username + " " + roles + " " + new String(password));
                put(new StaffRow(id, username, displayName, roles, false, false, 0, false));
                return id;
            }

            @Override
            public void setRoles(long staffId, Set<Role> roles, long expectedVersion) {
                calls.add("roles " + staffId + " " + roles);
                StaffRow r = rows.get(staffId);
                put(new StaffRow(r.id(), r.username(), r.displayName(), roles, r.disabled(), false, r.version() + 1, false));
            }

            @Override
            public void setDisabled(long staffId, boolean disabled, long expectedVersion) {
                calls.add((disabled ? "disable " : "enable ") + staffId);
                StaffRow r = rows.get(staffId);
                put(new StaffRow(r.id(), r.username(), r.displayName(), r.roles(), disabled, false, r.version() + 1, false));
            }

            @Override
            public void resetPassword(long staffId, char[] password, long expectedVersion) {
                calls.add("reset " + staffId + " " + new String(password));
                StaffRow r = rows.get(staffId);
                put(new StaffRow(r.id(), r.username(), r.displayName(), r.roles(), r.disabled(), false, r.version() + 1, true));
            }
        }

        private StaffRow shown(StaffViewModel vm, String username) {
            return vm.rows().stream().filter(r -> r.username().equals(username)).findFirst().orElseThrow();
        }

        @Test
        void theBuiltInOperatorIsNotListedAndYourOwnAdminRoleAndDisablingYourselfAreNotOffered() {
            FakeDirectory directory = new FakeDirectory();
            StaffViewModel vm = new StaffViewModel(directory, 2, new CurrentThreadTaskExecutor());
            vm.reload();
            assertThat(vm.rows()).extracting(StaffRow::username).containsExactly("ada", "cleo");

            vm.select(shown(vm, "ada"));
            assertThat(vm.adminLockedProperty().get()).isTrue();
            assertThat(vm.canToggleDisabledProperty().get()).isFalse();
            assertThat(vm.lockReasonProperty().get()).contains("you cannot remove your own ADMIN role or disable yourself");
            vm.roleProperty(Role.ADMIN).set(false);
            assertThat(vm.canSaveRolesProperty().get()).as("even if the box were cleared").isFalse();
            vm.roleProperty(Role.ADMIN).set(true);
            vm.roleProperty(Role.OPERATOR).set(false);
            assertThat(vm.canSaveRolesProperty().get()).as("other roles of one's own may change").isTrue();

            vm.select(shown(vm, "cleo"));
            assertThat(vm.adminLockedProperty().get()).isFalse();
            assertThat(vm.canToggleDisabledProperty().get()).isTrue();
            assertThat(vm.toggleTextProperty().get()).isEqualTo("Disable");
            assertThat(vm.canSaveRolesProperty().get()).as("nothing changed yet").isFalse();
            vm.roleProperty(Role.APPROVER).set(true);
            vm.saveRoles();
            assertThat(directory.calls).containsExactly("roles 3 [CLERK, APPROVER]");
            assertThat(vm.messageProperty().get()).isEqualTo("cleo now has APPROVER, CLERK.");
            assertThat(vm.selectedProperty().get().roles()).as("reloaded, still selected").contains(Role.APPROVER);

            vm.toggleDisabled();
            assertThat(directory.calls).last().isEqualTo("disable 3");
            assertThat(vm.selectedProperty().get().disabled()).isTrue();
            assertThat(vm.toggleTextProperty().get()).isEqualTo("Enable");
            assertThat(StaffViewModel.state(vm.selectedProperty().get())).isEqualTo("Disabled");
        }

        @Test
        void theLastEnabledAdminKeepsTheRoleAndCannotBeDisabledByAnotherAdmin() {
            FakeDirectory directory = new FakeDirectory();
            directory.put(new StaffRow(4, "bea", "Bea", EnumSet.of(Role.ADMIN), false, false, 0, false));
            // bea is signed in; ada is disabled, so ada does not count as an enabled ADMIN.
            directory.put(new StaffRow(2, "ada", "Ada Admin", EnumSet.allOf(Role.class), true, false, 0, false));
            directory.put(new StaffRow(5, "max", "Max", EnumSet.of(Role.ADMIN), false, false, 0, false));
            StaffViewModel vm = new StaffViewModel(directory, 4, new CurrentThreadTaskExecutor());
            vm.reload();
            vm.select(shown(vm, "max"));
            assertThat(vm.isLastAdmin(shown(vm, "max"))).isFalse();
            assertThat(vm.canToggleDisabledProperty().get()).isTrue();
            assertThat(vm.adminLockedProperty().get()).isFalse();

            directory.put(new StaffRow(4, "bea", "Bea", EnumSet.of(Role.ADMIN, Role.CLERK), false, false, 1, false));
            directory.put(new StaffRow(5, "max", "Max", EnumSet.of(Role.ADMIN), false, false, 0, false));
            directory.put(new StaffRow(4, "bea", "Bea", EnumSet.of(Role.CLERK), false, false, 1, false));
            vm.reload();
            vm.select(shown(vm, "max"));
            assertThat(vm.isLastAdmin(shown(vm, "max"))).isTrue();
            assertThat(vm.adminLockedProperty().get()).isTrue();
            assertThat(vm.canToggleDisabledProperty().get()).isFalse();
            assertThat(vm.lockReasonProperty().get()).isEqualTo(
                    "max is the last enabled ADMIN: they keep that role and cannot be disabled.");

            vm.select(shown(vm, "ada"));
            assertThat(vm.toggleTextProperty().get()).isEqualTo("Enable");
            assertThat(vm.canToggleDisabledProperty().get()).as("enabling is always offered").isTrue();
        }

        @Test
        void aPasswordResetIsCheckedAsTypedAndTheFieldsAreEmptiedAfterwards() {
            FakeDirectory directory = new FakeDirectory();
            StaffViewModel vm = new StaffViewModel(directory, 2, new CurrentThreadTaskExecutor());
            vm.reload();
            vm.select(shown(vm, "cleo"));
            assertThat(vm.passwordErrorProperty().get()).as("nothing typed, nothing said").isNull();
            assertThat(vm.canResetProperty().get()).isFalse();
            vm.newPasswordProperty().set("short");
            assertThat(vm.passwordErrorProperty().get()).isEqualTo("The password must have at least 10 characters");
            vm.newPasswordProperty().set("temporary 12345");
            assertThat(vm.passwordErrorProperty().get()).isEqualTo("Type the password again below");
            vm.repeatedPasswordProperty().set("temporary 1234");
            assertThat(vm.passwordErrorProperty().get()).isEqualTo("The two passwords differ");
            vm.repeatedPasswordProperty().set("temporary 12345");
            assertThat(vm.passwordErrorProperty().get()).isNull();
            assertThat(vm.canResetProperty().get()).isTrue();
            vm.resetPassword();
            assertThat(directory.calls).containsExactly("reset 3 temporary 12345");
            assertThat(vm.newPasswordProperty().get()).isEmpty();
            assertThat(vm.repeatedPasswordProperty().get()).isEmpty();
            assertThat(StaffViewModel.state(vm.selectedProperty().get())).isEqualTo("Enabled, must change password");
            assertThat(vm.messageProperty().get()).startsWith("The password of cleo is reset");
        }

        @Test
        void theAddFormShowsEachProblemByItsFieldAndAddsOnlyWhenAllIsRight() {
            FakeDirectory directory = new FakeDirectory();
            StaffAddViewModel form = new StaffAddViewModel(directory, new CurrentThreadTaskExecutor());
            List<String> added = new ArrayList<>();
            form.setOnAdded((id, name) -> added.add(id + " " + name));
            assertThat(form.usernameErrorProperty().get()).as("quiet until touched").isNull();
            form.submit();
            assertThat(form.usernameErrorProperty().get()).isEqualTo("A username is required");
            assertThat(form.passwordErrorProperty().get()).isEqualTo("The password must have at least 10 characters");
            assertThat(directory.calls).isEmpty();

            form.usernameProperty().set("new person");
            assertThat(form.usernameErrorProperty().get()).startsWith("Letters, digits");
            form.usernameProperty().set("nina");
            form.roleProperty(Role.CLERK).set(false);
            assertThat(form.rolesErrorProperty().get()).isEqualTo("Choose at least one role");
            form.roleProperty(Role.OPERATOR).set(true);
            form.passwordProperty().set("nina's long password");
            form.repeatedProperty().set("nina's long passwor");
            assertThat(form.repeatedErrorProperty().get()).isEqualTo("The two passwords differ");
            assertThat(form.validProperty().get()).isFalse();
            form.repeatedProperty().set("nina's long password");
            assertThat(form.validProperty().get()).isTrue();
            form.submit();
            assertThat(directory.calls).containsExactly("add nina [OPERATOR] nina's long password");
            assertThat(added).containsExactly("4 nina");
            assertThat(form.passwordProperty().get()).isEmpty();
        }
    }

    @Nested
    class SettingsForm {

        final class FakeStore implements SettingsViewModel.Store {
            final Map<String, String> values = new LinkedHashMap<>(Map.of("currency", "USD", "charge.fixed_fee", "0.30",
                    "charge.rate", "1.039", "charge.minimum", "9.32", "payout.fee", "0.30", "payout.minimum", "10.00",
                    "owed.expiry_weeks", "4", "payday.min_days_between", "6", "gateway.sandbox_latency_ms", "0"));
            final Map<String, Long> versions = new LinkedHashMap<>();
            final List<Map<String, String>> saves = new ArrayList<>();

            @Override
            public List<SettingsStore.Entry> list() {
                return values.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> new SettingsStore.Entry(e.getKey(),
                        e.getValue(), Instant.EPOCH, versions.getOrDefault(e.getKey(), 0L))).toList();
            }

            @Override
            public void save(Map<String, String> changes, Map<String, Long> seenVersions) {
                seenVersions.forEach((key, version) -> {
                    if (!version.equals(versions.getOrDefault(key, 0L))) {
                        throw new SettingsChangedException(key);
                    }
                });
                saves.add(Map.copyOf(changes));
                changes.forEach((key, value) -> {
                    values.put(key, value);
                    versions.merge(key, 1L, Long::sum);
                });
            }
        }

        @Test
        void theFieldsComeInAHumanOrderWithLabelsAndAnErrorShowsAsTypedAndStopsTheSave() {
            FakeStore store = new FakeStore();
            SettingsViewModel vm = new SettingsViewModel(store, new CurrentThreadTaskExecutor());
            vm.reload();
            assertThat(vm.fields()).extracting(SettingsViewModel.Field::key).containsExactly("currency", "charge.fixed_fee",
                    "charge.rate", "charge.minimum", "payout.fee", "payout.minimum", "owed.expiry_weeks",
                    "payday.min_days_between", "gateway.sandbox_latency_ms");
            assertThat(vm.field("payday.min_days_between").label()).isEqualTo("Days between paydays");
            assertThat(vm.canSaveProperty().get()).as("nothing changed").isFalse();

            vm.field("payout.fee").textProperty().set("0.3x");
            assertThat(vm.field("payout.fee").errorProperty().get()).isEqualTo("'0.3x' is not a decimal number");
            assertThat(vm.canSaveProperty().get()).isFalse();
            vm.field("payout.fee").textProperty().set("11.00");
            assertThat(vm.field("payout.fee").errorProperty().get()).isNull();
            assertThat(vm.field("payout.minimum").errorProperty().get())
                    .isEqualTo("Minimum payout (10.00) must be larger than the payout fee (11.00)");
            vm.save();
            assertThat(store.saves).as("an invalid form saves nothing").isEmpty();

            vm.field("payout.minimum").textProperty().set("12.00");
            assertThat(vm.field("payout.minimum").errorProperty().get()).isNull();
            assertThat(vm.canSaveProperty().get()).isTrue();
            vm.save();
            assertThat(store.saves).containsExactly(Map.of("payout.fee", "11.00", "payout.minimum", "12.00"));
            assertThat(vm.messageProperty().get()).isEqualTo(
                    "Saved Payout fee = 11.00, Minimum payout = 12.00. The next payday run uses them.");
            assertThat(vm.changedProperty().get()).isFalse();
            assertThat(vm.field("payout.fee").stored()).isEqualTo("11.00");
        }

        @Test
        void aSaveAfterSomeoneElseSavedIsRefusedAndAReloadShowsTheirValues() {
            FakeStore store = new FakeStore();
            SettingsViewModel vm = new SettingsViewModel(store, new CurrentThreadTaskExecutor());
            vm.reload();
            store.save(Map.of("currency", "EUR"), Map.of());
            vm.field("charge.fixed_fee").textProperty().set("0.35");
            vm.save();
            assertThat(store.saves).containsExactly(Map.of("currency", "EUR"));
            assertThat(vm.staleProperty().get()).isTrue();
            assertThat(vm.messageProperty().get()).isEqualTo(SettingsViewModel.STALE);
            assertThat(vm.canSaveProperty().get()).as("only a reload helps").isFalse();
            vm.reload();
            assertThat(vm.staleProperty().get()).isFalse();
            assertThat(vm.field("currency").textProperty().get()).isEqualTo("EUR");
            assertThat(vm.field("charge.fixed_fee").textProperty().get()).as("what was typed is dropped").isEqualTo("0.30");
        }
    }
}
