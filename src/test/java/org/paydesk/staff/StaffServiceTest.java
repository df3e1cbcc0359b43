package org.paydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paydesk.app.Paydesk;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.DataAccessException;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;
import org.slf4j.LoggerFactory;

class StaffServiceTest {

    private static final char[] SECRET = "correct horse battery".toCharArray();

    @Test
    void theFirstAdminCanBeCreatedOnceAndOnlyBeforeAnyoneElse() {
        try (Paydesk p = Paydesk.wrap(TestDatabases.fresh())) {
            assertThat(p.staff().needsFirstAdmin()).isTrue();
            Caller admin = p.staff().createFirstAdmin("ada", "Ada Admin", SECRET);
            assertThat(admin.roles()).containsExactlyInAnyOrder(Role.values());
            assertThat(p.staff().needsFirstAdmin()).isFalse();
            assertThatThrownBy(() -> p.staff().createFirstAdmin("eve", "Eve", SECRET))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("already exists");
        }
    }

    @Test
    void passwordsAreStoredAsArgon2idHashesAndNeverLogged() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        // The project's own code at every level, so a password logged at DEBUG or TRACE is caught too.
        Logger paydeskLogs = (Logger) LoggerFactory.getLogger("org.paydesk");
        Level paydeskLevel = paydeskLogs.getLevel();
        paydeskLogs.setLevel(Level.TRACE);
        try (Paydesk p = Paydesk.wrap(TestDatabases.fresh())) {
            Caller admin = p.staff().createFirstAdmin("ada", "Ada", SECRET);
            p.staff().add(admin, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK), "cleo's long password".toCharArray());
            p.staff().signIn("cleo", "cleo's long password".toCharArray());
            assertThatThrownBy(() -> p.staff().signIn("cleo", "a wrong password".toCharArray()))
                    .isInstanceOf(SignInException.class).hasMessage("wrong username or password");

            List<String> hashes = p.database().read(c -> {
                List<String> all = new java.util.ArrayList<>();
                try (var s = c.createStatement(); var rs = s.executeQuery("select password_hash from staff where not is_system")) {
                    while (rs.next()) {
                        all.add(rs.getString(1));
                    }
                }
                return all;
            });
            assertThat(hashes).hasSize(2).allSatisfy(h -> {
                assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
                assertThat(h).doesNotContain("correct horse").doesNotContain("long password");
            });
            assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1));
        } finally {
            root.detachAppender(logs);
            paydeskLogs.setLevel(paydeskLevel);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("correct horse") || m.contains("long password") || m.contains("wrong password"));
    }

    @Test
    void signInChecksPasswordAndDisabledAccountsAndSlowsDownRepeatedFailures() {
        try (Paydesk p = Paydesk.wrap(TestDatabases.fresh())) {
            Caller admin = p.staff().createFirstAdmin("ada", "Ada", SECRET);
            long cleo = p.staff().add(admin, "cleo", null, EnumSet.of(Role.CLERK), "cleo's long password".toCharArray());

            Caller signedIn = p.staff().signIn("CLEO", "cleo's long password".toCharArray());
            assertThat(signedIn.roles()).containsExactly(Role.CLERK);
            assertThatThrownBy(() -> p.staff().signIn("nobody", SECRET)).hasMessage("wrong username or password");

            for (int i = 0; i < StaffService.FREE_FAILURES; i++) {
                assertThatThrownBy(() -> p.staff().signIn("cleo", "nope nope nope".toCharArray()))
                        .isInstanceOf(SignInException.class).hasMessage("wrong username or password");
            }
            long counted = p.database().read(c -> Fixtures.count(c, "select failed_sign_ins from staff where username = 'cleo'"));
            assertThat(counted).as("each failure counted").isEqualTo(StaffService.FREE_FAILURES);
            // After these the wait is 1 s from the last failure, which a loaded machine can spend before
            // the next attempt starts: three more failures just now make it 8 s, so the refusal below
            // does not depend on how fast the machine is.
            p.database().inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.executeUpdate("update staff set failed_sign_ins = failed_sign_ins + 3, last_failed_sign_in = now()"
                            + " where username = 'cleo'");
                }
                return null;
            });
            assertThatThrownBy(() -> p.staff().signIn("cleo", "cleo's long password".toCharArray()))
                    .as("even the right password waits after repeated failures")
                    .isInstanceOf(SignInException.class).hasMessageContaining("too many failed sign-ins for cleo; try again in");
            p.database().inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.executeUpdate("update staff set last_failed_sign_in = now() - interval '1 minute' where username = 'cleo'");
                }
                return null;
            });
            p.staff().signIn("cleo", "cleo's long password".toCharArray());
            long failures = p.database().read(c -> Fixtures.count(c, "select failed_sign_ins from staff where username = 'cleo'"));
            assertThat(failures).as("a success resets the count").isZero();

            long version = p.staff().list().stream().filter(r -> r.id() == cleo).findFirst().orElseThrow().version();
            p.staff().setDisabled(admin, cleo, true, version);
            assertThatThrownBy(() -> p.staff().signIn("cleo", "cleo's long password".toCharArray()))
                    .hasMessageContaining("cleo is disabled");
        }
    }

    @Test
    void theWaitDoublesAndIsCapped() {
        assertThat(StaffService.waitAfter(2)).isZero();
        assertThat(StaffService.waitAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(StaffService.waitAfter(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(StaffService.waitAfter(40)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void onlyAnAdminManagesStaffAndAStaleEditIsReported() {
        try (Paydesk p = Paydesk.wrap(TestDatabases.fresh())) {
            Caller admin = p.staff().createFirstAdmin("ada", "Ada", SECRET);
            long cleoId = p.staff().add(admin, "cleo", null, EnumSet.of(Role.CLERK), "cleo's long password".toCharArray());
            Caller cleo = p.staff().signIn("cleo", "cleo's long password".toCharArray());
            assertThatThrownBy(() -> p.staff().add(cleo, "mallory", null, EnumSet.allOf(Role.class), SECRET))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("cleo is not allowed to add staff")
                    .hasMessageContaining("needs the ADMIN role");
            assertThatThrownBy(() -> p.staff().add(admin, "weak", null, Set.of(Role.CLERK), "short".toCharArray()))
                    .hasMessageContaining("at least 10 characters");
            assertThatThrownBy(() -> p.staff().add(admin, "CLEO", null, Set.of(Role.CLERK), SECRET))
                    .hasMessageContaining("already exists");

            assertThatThrownBy(() -> p.staff().setRoles(cleo, cleoId, EnumSet.allOf(Role.class), 0))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("not allowed to change roles");
            assertThatThrownBy(() -> p.staff().setDisabled(cleo, admin.staffId(), true, 0))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("not allowed to disable staff");
            p.staff().setRoles(admin, cleoId, EnumSet.of(Role.CLERK, Role.APPROVER), 0);
            assertThatThrownBy(() -> p.staff().setRoles(admin, cleoId, EnumSet.of(Role.CLERK), 0))
                    .isInstanceOf(ConcurrentEditException.class).hasMessageContaining("reload");
            long audited = p.database().read(c -> Fixtures.count(c,
                    "select count(*) from audit_log where action in ('staff.add', 'staff.roles')"));
            assertThat(audited).isEqualTo(3);
        }
    }

    @Test
    void theAuditLogIsAppendOnly() {
        try (Paydesk p = Paydesk.wrap(TestDatabases.fresh())) {
            p.staff().createFirstAdmin("ada", "Ada", SECRET);
            for (String sql : List.of("update audit_log set action = 'x'", "delete from audit_log", "truncate audit_log")) {
                assertThatThrownBy(() -> p.database().inTransaction(c -> {
                    try (var s = c.createStatement()) {
                        s.execute(sql);
                    }
                    return null;
                })).as(sql).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
            }
        }
    }
}
