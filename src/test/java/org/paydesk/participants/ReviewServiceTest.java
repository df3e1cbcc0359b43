package org.paydesk.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.testing.Platform;

class ReviewServiceTest {

    @Test
    void anApproverChangesTheReviewStateWithAReasonAndItIsAudited() {
        try (Platform p = new Platform("{\"participants\": [{\"username\": \"zoe\"}]}")) {
            long id = p.paydesk.participants().findByUsername("zoe").orElseThrow().id();
            assertThatThrownBy(() -> p.paydesk.reviews().setReview(p.clerk, id, Review.WHITELISTED, "looks fine", 0))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("needs the APPROVER role");
            assertThatThrownBy(() -> p.paydesk.reviews().setReview(p.approver, id, Review.WHITELISTED, " ", 0))
                    .hasMessageContaining("a reason is required");

            p.paydesk.reviews().setReview(p.approver, id, Review.WHITELISTED, "verified identity", 0);

            assertThat(p.paydesk.participants().findByUsername("zoe").orElseThrow().review()).isEqualTo(Review.WHITELISTED);
            List<String> audit = p.paydesk.database().read(c -> {
                List<String> rows = new java.util.ArrayList<>();
                try (var s = c.createStatement(); var rs = s.executeQuery("select a.action, st.username, a.before ->> 'review',"
                        + " a.after ->> 'review', a.detail from audit_log a join staff st on st.id = a.staff_id"
                        + " where a.action = 'participant.review'")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + "->" + rs.getString(4)
                                + " " + rs.getString(5));
                    }
                }
                return rows;
            });
            assertThat(audit).containsExactly("participant.review april UNREVIEWED->WHITELISTED verified identity");
        }
    }

    @Test
    void anEditOfAStaleVersionIsReported() {
        try (Platform p = new Platform("{\"participants\": [{\"username\": \"zoe\"}]}")) {
            long id = p.paydesk.participants().findByUsername("zoe").orElseThrow().id();
            p.paydesk.reviews().setReview(p.approver, id, Review.SUSPICIOUS, "chargebacks", 0);
            assertThatThrownBy(() -> p.paydesk.reviews().setReview(p.secondApprover, id, Review.WHITELISTED, "cleared", 0))
                    .isInstanceOf(ConcurrentEditException.class)
                    .hasMessage("Participant zoe was changed by someone else in the meantime; reload it and try again");
            assertThat(p.paydesk.participants().findByUsername("zoe").orElseThrow().review()).isEqualTo(Review.SUSPICIOUS);
        }
    }
}
