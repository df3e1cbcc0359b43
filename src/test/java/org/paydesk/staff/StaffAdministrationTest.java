package org.paydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.app.Paydesk;
import org.paydesk.db.DataAccessException;
import org.paydesk.staff.StaffService.StaffRow;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

/**
 * The staff rules of the admin screens on the real database: nobody removes their own ADMIN role or
 * disables themselves, the last enabled ADMIN stays one (in the service and in the database), a reset
 * password must be changed at the next sign-in, and every change is audited and found by the filters.
 */
@ExtendWith(DatabaseExtension.class)
class StaffAdministrationTest {

    private static Paydesk p;
    private static StaffService staff;
    private static Caller ada;

    @BeforeAll
    static void firstAdmin(Paydesk paydesk) {
        p = paydesk;
        staff = paydesk.staff();
        ada = staff.createFirstAdmin("ada", "Ada Admin", "ada's long password".toCharArray());
    }

    private static StaffRow row(String username) {
        return staff.list().stream().filter(r -> r.username().equals(username)).findFirst().orElseThrow();
    }

    private static long count(String sql) {
        return p.database().read(c -> Fixtures.count(c, sql));
    }

    @Test
    void nobodyDropsTheirOwnAdminRoleOrDisablesThemselvesAndTheLastEnabledAdminStaysOne() {
        Caller system = p.systemCaller();
        assertThatThrownBy(() -> staff.setRoles(ada, ada.staffId(), EnumSet.of(Role.CLERK), row("ada").version()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("you cannot remove your own ADMIN role");
        assertThatThrownBy(() -> staff.setDisabled(ada, ada.staffId(), true, row("ada").version()))
                .hasMessage("you cannot disable yourself");
        // The command line acts as the built-in system operator, who is nobody's "self".
        assertThatThrownBy(() -> staff.setDisabled(system, ada.staffId(), true, row("ada").version()))
                .hasMessage("you cannot disable ada: they are the last enabled ADMIN; give someone else the ADMIN role first");
        assertThatThrownBy(() -> staff.setRoles(system, ada.staffId(), EnumSet.of(Role.CLERK), row("ada").version()))
                .hasMessageContaining("ada is the last enabled ADMIN and keeps that role");
        assertThat(row("ada").roles()).contains(Role.ADMIN);
        assertThat(row("ada").disabled()).isFalse();

        long bea = staff.add(ada, "bea", "Bea", EnumSet.of(Role.ADMIN), "bea's long password".toCharArray());
        staff.setDisabled(ada, bea, true, row("bea").version());
        assertThatThrownBy(() -> staff.setRoles(system, ada.staffId(), EnumSet.of(Role.OPERATOR), row("ada").version()))
                .as("a disabled ADMIN does not count").hasMessageContaining("ada is the last enabled ADMIN");
        staff.setDisabled(ada, bea, false, row("bea").version());
        staff.setRoles(system, ada.staffId(), EnumSet.of(Role.OPERATOR), row("ada").version());
        assertThat(row("ada").roles()).containsExactly(Role.OPERATOR);
        assertThatThrownBy(() -> staff.setDisabled(system, bea, true, row("bea").version()))
                .hasMessageContaining("you cannot disable bea: they are the last enabled ADMIN");
        staff.setRoles(system, ada.staffId(), EnumSet.of(Role.OPERATOR, Role.ADMIN), row("ada").version());

        assertThat(count("select count(*) from audit_log a join staff s on s.id = a.staff_id where a.action = 'staff.disable'"
                + " and s.username = 'ada' and a.target_id = '" + bea + "' and a.before ->> 'disabled' = 'false'"
                + " and a.after ->> 'disabled' = 'true'")).isEqualTo(1);
        assertThat(count("select count(*) from audit_log where action = 'staff.roles' and after -> 'roles' = '[\"OPERATOR\"]'"))
                .isEqualTo(1);
    }

    @Test
    void theDatabaseKeepsAnEnabledAdminEvenWhenTheServiceIsBypassed() {
        staff.add(ada, "solo", null, EnumSet.of(Role.CLERK), "solo's long password".toCharArray());
        List<String> admins = staff.list().stream().filter(StaffRow::isEnabledAdmin).map(StaffRow::username).toList();
        assertThatThrownBy(() -> p.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("update staff set disabled = true where 'ADMIN' = any (roles) and not is_system");
            }
            return null;
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("is the last enabled ADMIN and must stay one");
        assertThatThrownBy(() -> p.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("update staff set roles = array['CLERK'] where not is_system");
            }
            return null;
        })).hasMessageContaining("is the last enabled ADMIN");
        assertThat(staff.list().stream().filter(StaffRow::isEnabledAdmin).map(StaffRow::username).toList())
                .as("nothing changed").isEqualTo(admins);
        p.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("update staff set roles = array['APPROVER'] where username = 'solo'");
            }
            return null;
        });
        assertThat(row("solo").roles()).as("others' changes pass").containsExactly(Role.APPROVER);
    }

    @Test
    void aResetPasswordMustBeChangedAtTheNextSignIn() {
        long paul = staff.add(ada, "paul", "Paul", EnumSet.of(Role.CLERK), "paul's long password".toCharArray());
        Caller clerk = staff.signIn("paul", "paul's long password".toCharArray());
        assertThatThrownBy(() -> staff.resetPassword(clerk, paul, "temporary secret 1".toCharArray(), row("paul").version()))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> staff.resetPassword(ada, paul, "short".toCharArray(), row("paul").version()))
                .hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> staff.resetPassword(ada, paul, "temporary secret 1".toCharArray(), 99))
                .hasMessageContaining("changed by someone else");

        staff.resetPassword(ada, paul, "temporary secret 1".toCharArray(), row("paul").version());
        assertThat(row("paul").mustChangePassword()).isTrue();
        assertThatThrownBy(() -> staff.signIn("paul", "paul's long password".toCharArray()))
                .hasMessage("wrong username or password");
        assertThatThrownBy(() -> staff.signIn("paul", "temporary secret 1".toCharArray()))
                .isInstanceOf(PasswordChangeRequiredException.class).hasMessageContaining("choose a new password");
        assertThatThrownBy(() -> staff.signInWithNewPassword("paul", "a wrong guess".toCharArray(), "pauls new secret".toCharArray()))
                .hasMessage("wrong username or password");
        assertThatThrownBy(() -> staff.signInWithNewPassword("paul", "temporary secret 1".toCharArray(), "short".toCharArray()))
                .hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> staff.signInWithNewPassword("paul", "temporary secret 1".toCharArray(),
                "temporary secret 1".toCharArray())).hasMessageContaining("must differ");
        assertThat(row("paul").mustChangePassword()).as("nothing changed by refused attempts").isTrue();

        Caller signedIn = staff.signInWithNewPassword("paul", "temporary secret 1".toCharArray(), "pauls new secret".toCharArray());
        assertThat(signedIn.staffId()).isEqualTo(paul);
        assertThat(row("paul").mustChangePassword()).isFalse();
        assertThat(staff.signIn("paul", "pauls new secret".toCharArray()).username()).isEqualTo("paul");
        assertThat(count("select count(*) from audit_log where target_id = '" + paul + "'"
                + " and action in ('staff.reset_password', 'staff.change_password')")).isEqualTo(2);
        assertThat(count("select count(*) from audit_log where coalesce(before::text, '') || coalesce(after::text, '')"
                + " || coalesce(detail, '') ilike '%secret%'")).as("no password in the audit log").isZero();
    }

    @Test
    void theAuditTrailFiltersByTargetAndBeforeAMomentAndExportsWhatItFinds(@TempDir Path folder) throws Exception {
        long vera = staff.add(ada, "vera", null, EnumSet.of(Role.CLERK), "vera's long password".toCharArray());
        staff.setRoles(ada, vera, EnumSet.of(Role.APPROVER), row("vera").version());
        AuditTrail trail = p.audit();

        List<AuditTrail.Row> aboutVera = trail.list(ada, new AuditTrail.Filter(null, null, "staff #" + vera, null, null, null), 50);
        assertThat(aboutVera).extracting(AuditTrail.Row::action).containsExactly("staff.roles", "staff.add");
        assertThat(trail.list(ada, new AuditTrail.Filter(null, "staff.roles", String.valueOf(vera), null, null, null), 50))
                .hasSize(1);
        assertThat(trail.list(ada, new AuditTrail.Filter(null, null, "STAFF", null, null, null), 1000))
                .extracting(AuditTrail.Row::targetType).containsOnly("staff");
        AuditTrail.Row rolesRow = aboutVera.get(0);
        assertThat(trail.list(ada, new AuditTrail.Filter(null, null, "staff " + vera, null, rolesRow.at(), null), 50))
                .as("until is exclusive").extracting(AuditTrail.Row::action).containsExactly("staff.add");
        assertThat(trail.list(ada, new AuditTrail.Filter(null, null, "staff " + vera, rolesRow.at(), null, null), 50))
                .extracting(AuditTrail.Row::action).containsExactly("staff.roles");

        Path file = folder.resolve("audit.csv");
        long written = new AuditCsv(trail).write(ada, new AuditTrail.Filter(null, null, "staff " + vera, null, null, null), file,
                () -> false);
        assertThat(written).isEqualTo(2);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(AuditCsv.HEADER);
        assertThat(lines.get(1)).startsWith(rolesRow.id() + ",").contains(",ada,").contains(",staff.roles,staff," + vera + ",")
                .contains("roles: CLERK → APPROVER");
        assertThatThrownBy(() -> new AuditCsv(trail).write(ada, AuditTrail.Filter.ALL, folder.resolve("none.csv"), () -> true))
                .hasMessageContaining("cancelled");
        assertThat(folder.resolve("none.csv")).doesNotExist();
        try (var left = Files.list(folder)) {
            assertThat(left).containsExactly(file);
        }
    }
}
