package org.paydesk.payday;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.gateway.ExchangeKind;
import org.paydesk.gateway.GatewayExchanges;
import org.paydesk.money.FeeSchedule;

/**
 * Pay-out (DESIGN §6.5): each claimed WHITELISTED participant with a payout route is paid
 * {@code committed - obligations}, where obligations are what the next payday would ask of them
 * (their tips in force to tippees who can receive, plus what they still owe), when that reaches
 * the minimum payout; the bank is credited that less the payout fee.
 */
final class Payout {

    /**
     * Candidates after a participant id, with their next-payday obligations. Only balances that
     * could reach the minimum are looked at.
     */
    private static final String CANDIDATES = "select p.id, p.bank_token, a.committed, a.owed,"
            + " coalesce((select sum(t.amount) from tips_in_force('infinity') t join participant ee on ee.id = t.tippee_id"
            + "   where t.tipper_id = p.id and t.amount > 0 and payday_member(ee.claimed_at, ee.review, 'infinity')),"
            + "   0) as next_tips"
            + " from participant p join account a on a.id = p.id"
            + " where p.id > ? and p.review = 'WHITELISTED' and p.bank_token is not null and p.claimed_at is not null"
            + " and a.committed >= ? order by p.id limit ?";

    private final PhaseContext run;

    Payout(PhaseContext run) {
        this.run = run;
    }


    /** Pays out from the participant after {@code cursor} (by id) to the last. */
    void run(long cursor) {
        long total = run.tx().read(c -> countCandidates(c, 0));
        // Ids start at 1, so from cursor 0 (the phase's start) every candidate is still to do: not counted twice.
        long toDo = cursor == 0 ? total : run.tx().read(c -> countCandidates(c, cursor));
        run.progress().start(Phase.PAYOUT, total, total - toDo);
        long position = cursor;
        while (true) {
            long after = position;
            List<Candidate> batch = run.tx().read(c -> load(c, after));
            if (batch.isEmpty()) {
                return;
            }
            pay(batch);
            position = batch.get(batch.size() - 1).id();
            long reached = position;
            run.tx().inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("update payday set cursor = ? where id = ?")) {
                    s.setLong(1, reached);
                    s.setLong(2, run.paydayId());
                    s.executeUpdate();
                }
                return null;
            });
            run.progress().moreDone(batch.size());
            if (run.cancelled().getAsBoolean()) {
                throw new PaydayCancelledException(run.paydayId(), Phase.PAYOUT);
            }
        }
    }

    private record Candidate(long id, String bank, BigDecimal committed, BigDecimal owed, BigDecimal nextTips) {
        BigDecimal payable() {
            return committed.subtract(owed).subtract(nextTips);
        }
    }

    /** A payout of what is payable (balance less what is owed and the next payday's tips), or none below the minimum. */
    static FeeSchedule.PayoutQuote quote(FeeSchedule fees, BigDecimal payable) {
        return payable.signum() > 0 ? fees.payoutFor(payable) : null;
    }

    private void pay(List<Candidate> batch) {
        List<GatewayExchanges.Request> requests = new ArrayList<>();
        for (Candidate candidate : batch) {
            FeeSchedule.PayoutQuote quote = quote(run.fees(), candidate.payable());
            if (quote != null) {
                requests.add(run.exchanges().request(ExchangeKind.PAYOUT, candidate.id(), candidate.bank(), quote.credited(),
                        quote.fee()));
            }
        }
        // An earlier run of this payday may have paid some of them already: never twice.
        run.exchanges().run(requests, run.counters(), run.errors(), Phase.PAYOUT);
    }

    private List<Candidate> load(Connection c, long afterId) throws SQLException {
        List<Candidate> batch = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CANDIDATES)) {
            s.setLong(1, afterId);
            s.setBigDecimal(2, run.fees().minimumPayout());
            s.setInt(3, run.batchSize());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Candidate(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                            rs.getBigDecimal(5)));
                }
            }
        }
        return batch;
    }

    private long countCandidates(Connection c, long afterId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from participant p join account a on a.id = p.id"
                + " where p.id > ? and p.review = 'WHITELISTED' and p.bank_token is not null and p.claimed_at is not null"
                + " and a.committed >= ?")) {
            s.setLong(1, afterId);
            s.setBigDecimal(2, run.fees().minimumPayout());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
