package org.paydesk.participants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A participant row, for the screens and services that edit one participant at a time. */
@Entity
@Table(name = "participant")
public class ParticipantEntity {

    @Id
    private Long id;

    @Column(nullable = false)
    private String username;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "claimed_at")
    private Instant claimedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Review review;

    @Column(name = "card_token")
    private String cardToken;

    @Column(name = "bank_token")
    private String bankToken;

    @Column(name = "last_charge_result")
    private String lastChargeResult;

    @Column(name = "last_payout_result")
    private String lastPayoutResult;

    @Version
    @Column(nullable = false)
    private long version;

    protected ParticipantEntity() {
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getClaimedAt() {
        return claimedAt;
    }

    public Review getReview() {
        return review;
    }

    public void setReview(Review review) {
        this.review = review;
    }

    public String getCardToken() {
        return cardToken;
    }

    public String getBankToken() {
        return bankToken;
    }

    public String getLastChargeResult() {
        return lastChargeResult;
    }

    public String getLastPayoutResult() {
        return lastPayoutResult;
    }

    public long getVersion() {
        return version;
    }
}
