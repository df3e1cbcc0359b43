package org.paydesk.queue;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.paydesk.db.Versioned;

/**
 * A queued payment as staff edit it (retry, cancel): its status and error under a version. The
 * processor's own writes (applying an item) stay set-based SQL and bump the version too.
 */
@Entity
@Table(name = "queued_payment")
public class QueuedPaymentEntity implements Versioned {

    @Id
    private Long id;

    @Column(nullable = false)
    private String status;

    @Column
    private String error;

    @Version
    @Column(nullable = false)
    private long version;

    protected QueuedPaymentEntity() {
    }

    public QueuedPayment.Status getStatus() {
        return QueuedPayment.Status.valueOf(status);
    }

    void setStatus(QueuedPayment.Status status) {
        this.status = status.name();
    }

    void clearError() {
        this.error = null;
    }

    @Override
    public long getVersion() {
        return version;
    }
}
