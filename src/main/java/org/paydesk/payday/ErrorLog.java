package org.paydesk.payday;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.db.Database;
import org.paydesk.db.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores a payday's errors (in their own transactions, so they survive a rollback) and tells the listener. */
final class ErrorLog {

    private static final Logger log = LoggerFactory.getLogger(ErrorLog.class);

    private final Transactions database;
    private final long paydayId;
    private final PaydayListener listener;
    private final PaydayCounters counters;

    ErrorLog(Transactions database, long paydayId, PaydayListener listener, PaydayCounters counters) {
        this.database = database;
        this.paydayId = paydayId;
        this.listener = listener;
        this.counters = counters;
    }

    void record(Phase phase, Long participantId, Long counterpartyId, String message) {
        log.warn("Payday {} {}: participant {}: {}", paydayId, phase, participantId, message);
        PaydayError error = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into payday_error (payday_id, participant_id,"
                    + " counterparty_id, phase, message) values (?, ?, ?, ?, ?) returning at,"
                    + " (select username from participant where id = ?), (select username from participant where id = ?)")) {
                s.setLong(1, paydayId);
                s.setObject(2, participantId);
                s.setObject(3, counterpartyId);
                s.setString(4, phase.name());
                s.setString(5, message);
                s.setObject(6, participantId);
                s.setObject(7, counterpartyId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new PaydayError(paydayId, participantId, rs.getString(2), counterpartyId, rs.getString(3),
                            phase, message, rs.getTimestamp(1).toInstant());
                }
            }
        });
        counters.error();
        listener.error(error);
    }

    /** Every error of a payday, oldest first. */
    static List<PaydayError> load(Database database, long paydayId) {
        return page(database, paydayId, 0, Integer.MAX_VALUE).errors();
    }

    /**
     * Up to {@code limit} errors of a payday after the error numbered {@code afterId} (0: from the first),
     * oldest first: a keyset page on the (payday_id, id) index, as quick at the millionth error as at the first.
     */
    static Paydays.ErrorPage page(Database database, long paydayId, long afterId, int limit) {
        return database.read(c -> {
            List<PaydayError> errors = new ArrayList<>();
            long lastId = afterId;
            boolean more = false;
            try (PreparedStatement s = c.prepareStatement("select e.participant_id, p.username, e.counterparty_id,"
                    + " q.username, e.phase, e.message, e.at, e.id from payday_error e"
                    + " left join participant p on p.id = e.participant_id"
                    + " left join participant q on q.id = e.counterparty_id where e.payday_id = ? and e.id > ?"
                    + " order by e.id limit ?")) {
                s.setLong(1, paydayId);
                s.setLong(2, afterId);
                // One more than asked tells whether another page follows.
                s.setLong(3, limit + 1L);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (errors.size() == limit) {
                            more = true;
                            break;
                        }
                        Instant at = rs.getTimestamp(7).toInstant();
                        errors.add(new PaydayError(paydayId, (Long) rs.getObject(1), rs.getString(2),
                                (Long) rs.getObject(3), rs.getString(4), Phase.valueOf(rs.getString(5)),
                                rs.getString(6), at));
                        lastId = rs.getLong(8);
                    }
                }
            }
            return new Paydays.ErrorPage(errors, lastId, more);
        });
    }
}
