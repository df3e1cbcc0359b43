package org.paydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.paydesk.app.Paydesk;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/** Each staff member's theme, kept in the staff table (V35): their own, not audited, no version bump. */
class StaffAppearanceTest {

    @Test
    void theThemeIsRememberedPerStaffMemberWithoutTouchingTheirVersionOrTheAudit() {
        try (Paydesk p = Paydesk.wrap(TestDatabases.fresh())) {
            Caller ada = p.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
            long cleoId = p.staff().add(ada, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK), "cleo long password".toCharArray());
            Caller cleo = p.staff().signIn("cleo", "cleo long password".toCharArray());
            long versionBefore = version(p, cleoId);
            long auditBefore = p.database().read(c -> Fixtures.count(c, "select count(*) from audit_log"));

            assertThat(p.staff().appearance(cleoId)).as("never chosen").isEqualTo(Appearance.LIGHT);
            p.staff().setAppearance(cleo, Appearance.DARK);

            assertThat(p.staff().appearance(cleoId)).isEqualTo(Appearance.DARK);
            assertThat(p.staff().appearance(ada.staffId())).as("someone else's stays").isEqualTo(Appearance.LIGHT);
            assertThat(version(p, cleoId)).as("an administrator's open edit of cleo is not made stale").isEqualTo(versionBefore);
            long auditAfter = p.database().read(c -> Fixtures.count(c, "select count(*) from audit_log"));
            assertThat(auditAfter).isEqualTo(auditBefore);

            p.staff().setAppearance(cleo, Appearance.LIGHT);
            assertThat(p.staff().appearance(cleoId)).isEqualTo(Appearance.LIGHT);
        }
    }

    private static long version(Paydesk p, long staffId) {
        return p.database().read(c -> Fixtures.count(c, "select version from staff where id = " + staffId));
    }
}
