package org.paydesk.participants;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.Session;
import org.hibernate.StaleObjectStateException;
import org.hibernate.Transaction;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.db.Database;
import org.paydesk.staff.AuditLog;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/**
 * Moves participants between review states (what the payday reads: only WHITELISTED cards are
 * charged and banks paid; SUSPICIOUS participants are left out). An APPROVER decides, with a
 * reason; every change is audited with before and after.
 */
public final class ReviewService {

    private final Database database;

    public ReviewService(Database database) {
        this.database = database;
    }

    /**
     * Sets the review state of the participant named {@code username} (any case), whatever its version: for
     * the command line, where nothing was shown to the caller that could have gone stale.
     */
    public void setReview(Caller caller, String username, Review review, String reason) {
        caller.require(Role.APPROVER, "change review states");
        long[] idAndVersion = database.read(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(
                    "select id, version from participant where lower(username) = lower(?)")) {
                s.setString(1, username);
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no participant named '" + username + "'");
                    }
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
        setReview(caller, idAndVersion[0], review, reason, idAndVersion[1]);
    }

    public void setReview(Caller caller, long participantId, Review review, String reason, long expectedVersion) {
        caller.require(Role.APPROVER, "change review states");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        try (Session session = database.sessionFactory().openSession()) {
            Transaction tx = session.beginTransaction();
            try {
                ParticipantEntity participant = session.get(ParticipantEntity.class, participantId);
                if (participant == null) {
                    throw new IllegalArgumentException("no participant #" + participantId);
                }
                String what = "Participant " + participant.getUsername();
                if (participant.getVersion() != expectedVersion) {
                    throw new ConcurrentEditException(what);
                }
                Review before = participant.getReview();
                participant.setReview(review);
                session.flush();
                session.doWork(c -> AuditLog.record(c, caller.staffId(), "participant.review", "participant",
                        Long.toString(participantId), "{\"review\": \"" + before + "\"}",
                        "{\"review\": \"" + review + "\"}", reason.strip()));
                tx.commit();
            } catch (OptimisticLockException | StaleObjectStateException e) {
                tx.rollback();
                throw new ConcurrentEditException("Participant #" + participantId);
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                throw e;
            }
        }
    }
}
