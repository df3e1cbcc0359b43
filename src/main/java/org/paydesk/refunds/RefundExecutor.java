package org.paydesk.refunds;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.paydesk.db.Transactions;
import org.paydesk.gateway.ExchangeKind;
import org.paydesk.gateway.GatewayExchanges;
import org.paydesk.gateway.GatewayExchanges.Outcome;
import org.paydesk.gateway.GatewayExchanges.Request;
import org.paydesk.gateway.PaymentGateway;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.payday.RefundPhase;
import org.paydesk.processor.ProcessorLostException;

/**
 * Executes approved refunds (DESIGN §5). Runs only while its caller holds the serial processor:
 * at the start of a payday (as its refunds phase) or from the payment queue.
 *
 * <p>A tip refund moves back from the tippee what the tipper gave in the chosen paydays and
 * cancels what the tipper still owes that tippee; if the tippee's balance no longer covers it,
 * it fails whole. A full refund moves the participant's whole balance to refunds payable, then
 * sends it out through the gateway (bank payout when there is a route, else card refunds of the
 * latest charges) by intent, call, record ({@link GatewayExchanges}).
 *
 * <p>Its methods take the processor holder's fenced transactions ({@code ProcessorLock.Held#fenced}),
 * so a holder that lost the processor cannot execute anything more.
 */
public final class RefundExecutor implements RefundPhase {

    private final PaymentGateway gateway;

    public RefundExecutor(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public int executeApprovedBefore(Transactions fenced, long paydayId, Instant cutOff) {
        return new Execution(fenced).execute(cutOff);
    }

    /** Executes every approved refund; returns how many were executed. */
    public int executeApproved(Transactions fenced) {
        return new Execution(fenced).execute(null);
    }

    /** One pass over the approved refunds, on the holder's transactions. */
    private final class Execution {
        private final Transactions database;
        private final Ledger ledger;
        private final GatewayExchanges exchanges;

        Execution(Transactions database) {
            this.database = database;
            this.ledger = database.read(Ledger::load);
            // One leg after the other, on this thread, refund by refund.
            this.exchanges = new GatewayExchanges(database, gateway, Runnable::run, ledger);
        }

        int execute(Instant decidedBefore) {
            // Legs a crash left unsent or unrecorded: asked about first, sent only if the gateway never saw them.
            exchanges.reconcileRefunds(recording());
            int executed = 0;
            for (long id : approved(decidedBefore)) {
                if (executeOne(id)) {
                    executed++;
                }
            }
            return executed;
        }

        private List<Long> approved(Instant decidedBefore) {
            return database.read(c -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("select id from refund where status = 'APPROVED'"
                        + " and (?::timestamptz is null or decided_at <= ?::timestamptz) order by id")) {
                    Timestamp before = decidedBefore == null ? null : Timestamp.from(decidedBefore);
                    s.setTimestamp(1, before);
                    s.setTimestamp(2, before);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                return ids;
            });
        }

        private boolean executeOne(long id) {
            List<Request> legs;
            try {
                legs = database.inTransaction(c -> moveMoney(c, id));
            } catch (ProcessorLostException e) {
                throw e;
            } catch (RuntimeException e) {
                database.inTransaction(c -> {
                    try (PreparedStatement s = c.prepareStatement("update refund set status = 'FAILED', error = ?,"
                            + " version = version + 1 where id = ? and status = 'APPROVED'")) {
                        s.setString(1, e.getMessage());
                        s.setLong(2, id);
                        s.executeUpdate();
                    }
                    return null;
                });
                return false;
            }
            exchanges.callAndRecord(legs, recording());
            return true;
        }

        private List<Request> moveMoney(Connection c, long id) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("select kind, participant_id, tippee_id, amount from refund"
                    + " where id = ? and status = 'APPROVED' for update")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return List.of();
                    }
                    if (rs.getString(1).equals("TIP")) {
                        tipRefund(c, ledger, id, rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4));
                        return List.of();
                    }
                    return fullRefund(c, ledger, id, rs.getLong(2));
                }
            }
        }

        private void tipRefund(Connection c, Ledger ledger, long id, long tipper, long tippee, BigDecimal amount)
                throws SQLException {
            BigDecimal balance = Ledger.lockedCommittedBalance(c, tippee);
            if (balance.compareTo(amount) < 0) {
                throw new IllegalStateException("the tippee's balance of " + balance.toPlainString()
                        + " no longer covers the refund of " + amount.toPlainString() + "; nothing was refunded");
            }
            long entry = ledger.post(c, JournalEntry.transfer(EntryKind.REFUND, tippee, tipper, amount, null, null,
                    "tip refund #" + id));
            try (PreparedStatement s = c.prepareStatement("with cancelled as (update owed_item set status = 'CANCELLED',"
                    + " closed_at = clock_timestamp() where tipper_id = ? and tippee_id = ? and status = 'OPEN'"
                    + " returning amount) update account set owed = owed - (select coalesce(sum(amount), 0) from cancelled)"
                    + " where id = ?")) {
                s.setLong(1, tipper);
                s.setLong(2, tippee);
                s.setLong(3, tipper);
                s.executeUpdate();
            }
            markExecuted(c, id, entry, amount);
        }

        private List<Request> fullRefund(Connection c, Ledger ledger, long id, long participant) throws SQLException {
            BigDecimal balance = Ledger.lockedCommittedBalance(c, participant);
            if (balance.signum() <= 0) {
                throw new IllegalStateException("the balance is 0.00: there is nothing to refund");
            }
            long entry = ledger.post(c, JournalEntry.transfer(EntryKind.REFUND, participant,
                    ledger.systemAccount(AccountKind.REFUNDS_PAYABLE), balance, null, null, "full refund #" + id));
            markExecuted(c, id, entry, balance);
            List<Request> legs = exchanges.insertIntents(c, plan(c, id, participant, balance));
            BigDecimal planned = legs.stream().map(Request::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (planned.compareTo(balance) < 0) {
                note(c, id, balance.subtract(planned).toPlainString() + " has no way out (no bank route and no card charge"
                        + " left to refund) and is held in refunds payable");
            }
            return legs;
        }

        /** A bank payout when there is a route; else card refunds of the latest charges, newest first. */
        private static List<Request> plan(Connection c, long id, long participant, BigDecimal amount) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("select bank_token from participant where id = ?")) {
                s.setLong(1, participant);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) != null) {
                        return List.of(Request.ofRefund(id, ExchangeKind.PAYOUT, participant, rs.getString(1),
                                "refund-" + id + "-payout", amount));
                    }
                }
            }
            List<Request> legs = new ArrayList<>();
            BigDecimal left = amount;
            try (PreparedStatement s = c.prepareStatement("select x.gateway_ref, x.amount - coalesce((select sum(r.amount)"
                    + " from exchange r where r.kind = 'CARD_REFUND' and r.token = x.gateway_ref and r.status <> 'FAILED'), 0)"
                    + " from exchange x where x.participant_id = ? and x.kind = 'CHARGE' and x.status = 'SUCCEEDED'"
                    + " order by x.id desc")) {
                s.setLong(1, participant);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && left.signum() > 0) {
                        BigDecimal part = rs.getBigDecimal(2).min(left);
                        if (part.signum() > 0) {
                            legs.add(Request.ofRefund(id, ExchangeKind.CARD_REFUND, participant, rs.getString(1),
                                    "refund-" + id + "-card-" + legs.size(), part));
                            left = left.subtract(part);
                        }
                    }
                }
            }
            return legs;
        }

        /** The refunds' part of recording a leg: its entry out of refunds payable, a note on the refund when it failed. */
        private GatewayExchanges.Recording recording() {
            return new GatewayExchanges.Recording() {
                @Override
                public JournalEntry entryFor(ExchangeKind kind, List<Request> legs) {
                    BigDecimal total = legs.stream().map(Request::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                    return JournalEntry.transfer(EntryKind.REFUND, ledger.systemAccount(AccountKind.REFUNDS_PAYABLE),
                            ledger.systemAccount(AccountKind.GATEWAY_CLEARING), total, null, null,
                            legs.stream().map(Request::key).collect(Collectors.joining(", ")));
                }

                @Override
                public void recorded(Connection c, List<Outcome> recorded) throws SQLException {
                    for (Outcome o : recorded) {
                        if (o.status() != GatewayExchanges.Status.SUCCEEDED) {
                            String why = o.status() == GatewayExchanges.Status.FAILED ? o.message()
                                    : "outcome unknown; asked again at the next run";
                            note(c, o.request().refundId(), o.request().amount().toPlainString() + " could not be sent ("
                                    + why + ") and is held in refunds payable");
                        }
                    }
                }

                @Override
                public void notRecorded(Outcome outcome, String why) {
                    database.inTransaction(c -> {
                        note(c, outcome.request().refundId(), why + "; the exchange stays open until it is reconciled");
                        return null;
                    });
                }
            };
        }
    }

    private static void markExecuted(Connection c, long id, long entry, BigDecimal amount) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update refund set status = 'EXECUTED', executed_at = clock_timestamp(),"
                + " entry_id = ?, amount = ?, version = version + 1 where id = ?")) {
            s.setLong(1, entry);
            s.setBigDecimal(2, amount);
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    private static void note(Connection c, long id, String message) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "update refund set error = coalesce(error || '; ', '') || ? where id = ?")) {
            s.setString(1, message);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }
}
