package org.paydesk.refunds;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.paydesk.db.Versioned;

/**
 * A refund as an approver decides on it: status, decider, time and note under a version. The
 * request is written once by {@link RefundService}, the execution set-based by {@link RefundExecutor}.
 */
@Entity
@Table(name = "refund")
public class RefundEntity implements Versioned {

    @Id
    private Long id;

    @Column(nullable = false)
    private String status;

    @Column(name = "requested_by", nullable = false, updatable = false)
    private long requestedBy;

    @Column(name = "decided_by")
    private Long decidedBy;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decision_note")
    private String decisionNote;

    @Version
    @Column(nullable = false)
    private long version;

    protected RefundEntity() {
    }

    public RefundService.Status getStatus() {
        return RefundService.Status.valueOf(status);
    }

    public long getRequestedBy() {
        return requestedBy;
    }

    void decide(RefundService.Status decision, long staffId, String note) {
        this.status = decision.name();
        this.decidedBy = staffId;
        this.decidedAt = Instant.now();
        this.decisionNote = note;
    }

    @Override
    public long getVersion() {
        return version;
    }
}
