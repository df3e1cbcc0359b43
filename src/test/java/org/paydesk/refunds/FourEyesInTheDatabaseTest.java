package org.paydesk.refunds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.paydesk.db.DataAccessException;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.testing.Platform;

/**
 * Four eyes hold in the database itself, for whoever writes to it around the services: a refund is
 * decided only by an enabled approver other than its requester (never the system operator), only
 * an approved refund is executed, and a decision is final.
 */
class FourEyesInTheDatabaseTest {

    private static final String PLATFORM = """
            {"participants": [
              {"username": "carl", "review": "WHITELISTED", "bank": "bank_ok", "balance": "25.00"}]}""";

    private static long requested(Platform p) {
        return p.paydesk.refunds().requestFullRefund(p.clerk, "carl", "closing the account");
    }

    private static String approveAs(long staffId, long refund) {
        return "update refund set status = 'APPROVED', decided_by = " + staffId + ", decided_at = now() where id = " + refund;
    }

    @Test
    void anApprovalWithoutADeciderIsRefusedAndTheQueueExecutesNothing() {
        try (Platform p = new Platform(PLATFORM)) {
            long id = requested(p);

            assertThatThrownBy(() -> p.sql("update refund set status = 'APPROVED', decided_at = now() where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("only an enabled approver");
            // With triggers off (as a superuser's restore may run), the check constraint still refuses.
            assertThatThrownBy(() -> p.sql("set local session_replication_role = replica;"
                    + " update refund set status = 'APPROVED', decided_at = now() where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("refund_status_needs_decider");
            p.paydesk.queue().processQueued(p.clerk);

            assertThat(p.paydesk.refunds().get(id).status()).isEqualTo(RefundService.Status.REQUESTED);
            assertThat(p.balance("carl")).isEqualByComparingTo("25.00");
            assertThat(p.count("select count(*) from exchange")).isZero();
        }
    }

    @Test
    void onlyAnEnabledApproverOtherThanTheSystemMayDecide() {
        try (Platform p = new Platform(PLATFORM)) {
            long id = requested(p);
            long system = p.paydesk.systemStaffId();

            assertThatThrownBy(() -> p.sql(approveAs(system, id))).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("only an enabled approver other than the requester may decide on it");
            assertThatThrownBy(() -> p.sql(approveAs(p.nobody.staffId(), id))).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("only an enabled approver");
            assertThatThrownBy(() -> p.sql(approveAs(p.clerk.staffId(), id))).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("refund_four_eyes");
            p.sql("update staff set disabled = true where id = " + p.secondApprover.staffId());
            assertThatThrownBy(() -> p.sql(approveAs(p.secondApprover.staffId(), id))).isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("only an enabled approver");

            p.sql(approveAs(p.approver.staffId(), id));
            assertThat(p.paydesk.refunds().get(id).status()).isEqualTo(RefundService.Status.APPROVED);
        }
    }

    @Test
    void onlyAnApprovedRefundIsExecutedAndADecisionIsFinal() {
        try (Platform p = new Platform(PLATFORM)) {
            long id = requested(p);

            assertThatThrownBy(() -> p.sql("update refund set status = 'EXECUTED', executed_at = now() where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("REQUESTED cannot become EXECUTED");
            assertThatThrownBy(() -> p.sql("insert into refund (kind, participant_id, reason, status, requested_by,"
                    + " decided_by, decided_at) select 'FULL', participant_id, 'x', 'APPROVED', " + p.clerk.staffId()
                    + ", " + p.approver.staffId() + ", now() from refund where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("created as REQUESTED");

            p.paydesk.refunds().approve(p.approver, id, "statement checked", p.paydesk.refunds().get(id).version());
            assertThatThrownBy(() -> p.sql("update refund set decided_by = " + p.secondApprover.staffId() + " where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("the decision on it is final");
            assertThatThrownBy(() -> p.sql("update refund set requested_by = " + p.admin.staffId() + " where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("cannot change");

            p.paydesk.queue().processQueued(p.clerk);
            assertThat(p.paydesk.refunds().get(id).status()).isEqualTo(RefundService.Status.EXECUTED);
            assertThat(p.balance("carl")).isEqualByComparingTo("0.00");
            assertThatThrownBy(() -> p.sql("update refund set status = 'APPROVED' where id = " + id))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("EXECUTED cannot become APPROVED");
            assertThat(p.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }
}
