package org.paydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.testing.Platform;

class AuditTrailTest {

    @Test
    void onlyAnAdminReadsTheLogAndAnActionPrefixDoesNotMatchLikeAWildcard() {
        try (Platform p = new Platform("{\"participants\": []}")) {
            AuditTrail trail = new AuditTrail(p.paydesk.database());
            assertThatThrownBy(() -> trail.list(p.clerk, AuditTrail.Filter.ALL, 10)).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("read the audit log");

            List<AuditTrail.Row> staffAdded = trail.list(p.admin, new AuditTrail.Filter("ADA", "staff", null, null), 100);
            assertThat(staffAdded).extracting(AuditTrail.Row::action).containsOnly("staff.add").hasSize(5);
            assertThat(staffAdded).extracting(AuditTrail.Row::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(trail.list(p.admin, new AuditTrail.Filter(null, "staf", null, null), 100)).isEmpty();
            assertThat(trail.list(p.admin, new AuditTrail.Filter(null, "staff_add", null, null), 100)).isEmpty();
            assertThat(trail.list(p.admin, new AuditTrail.Filter(null, "staff%", null, null), 100)).isEmpty();
        }
    }
}
