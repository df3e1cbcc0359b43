package org.paydesk.payday;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.paydesk.db.Database;
import org.paydesk.money.FeeSchedule;
import org.paydesk.money.Money;
import org.paydesk.settings.Settings;

/**
 * What the next payday would do on the data as it is now, by the payday's own rules
 * ({@link PayInRules}, {@link Payout#quote}) and assuming every charge and payout succeeds; it
 * writes nothing and calls no gateway. Read in one read-only snapshot: the participants in id
 * order merged with their obligations in the same order, then the payout candidates merged with
 * their next tips, so it streams through the platform once, whatever its size.
 *
 * <p>On a platform where every card and bank succeeds and nothing changes between the preview and
 * the run, the figures it shares with {@link PaydayStats} are equal to the run's. Refunds approved
 * before the cut-off are counted, but their effect on balances is not simulated.
 */
public final class PaydayPreview {

    /** The preview's figures; the names shared with a run's statistics mean the same thing. */
    public record Figures(Instant cutOff, String refusal, long participants, long tippers, long tips, long owedToRetry,
                          long owedExpired, long charges, BigDecimal chargeVolume, BigDecimal chargeFees,
                          long cardsAtRisk, long cardsMissing, long transfers, BigDecimal transferVolume,
                          long owedCreated, long payouts, BigDecimal payoutVolume, BigDecimal payoutFees,
                          long payoutsBelowMinimum, long refunds, Duration elapsed) {

        /** The preview in a few lines of words, for the command line and the console's confirmation. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("Cut-off " + PaydayRunner.WHEN.format(cutOff) + ": " + participants + " participants, " + tips + " tips due, "
                    + owedToRetry + " owed amounts to retry, " + owedExpired + " to expire.");
            lines.add("Charges: " + charges + " for " + Money.plain(chargeVolume) + " (fees " + Money.plain(chargeFees)
                    + "), if every card succeeds; " + cardsAtRisk + " of those cards failed last time; "
                    + cardsMissing + " tippers short with no card.");
            lines.add("Transfers: " + transfers + " for " + Money.plain(transferVolume) + " from " + tippers
                    + " tippers; " + owedCreated + " new owed amounts.");
            lines.add("Payouts: " + payouts + " for " + Money.plain(payoutVolume) + " (fees " + Money.plain(payoutFees)
                    + "); " + payoutsBelowMinimum + " below the minimum wait.");
            if (refunds > 0) {
                lines.add("Refunds approved and waiting: " + refunds + " (executed first; not in the figures above).");
            }
            lines.add(refusal == null ? "It may start now." : "Refused now: " + refusal);
            return lines;
        }

        public ObjectNode toJson() {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("cut_off", cutOff.toString());
            if (refusal == null) {
                n.putNull("refused");
            } else {
                n.put("refused", refusal);
            }
            n.put("participants", participants);
            n.put("tippers", tippers);
            n.put("tips", tips);
            n.put("owed_to_retry", owedToRetry);
            n.put("owed_expired", owedExpired);
            n.put("charges", charges);
            n.put("charge_volume", Money.plain(chargeVolume));
            n.put("charge_fees", Money.plain(chargeFees));
            n.put("cards_at_risk", cardsAtRisk);
            n.put("cards_missing", cardsMissing);
            n.put("transfers", transfers);
            n.put("transfer_volume", Money.plain(transferVolume));
            n.put("owed_created", owedCreated);
            n.put("payouts", payouts);
            n.put("payout_volume", Money.plain(payoutVolume));
            n.put("payout_fees", Money.plain(payoutFees));
            n.put("payouts_below_minimum", payoutsBelowMinimum);
            n.put("refunds", refunds);
            n.put("seconds", Math.round(elapsed.toMillis()) / 1000.0);
            return n;
        }
    }

    private static final int FETCH = 10_000;

    private final Database database;
    private final Supplier<Settings> settings;

    public PaydayPreview(Database database, Supplier<Settings> settings) {
        this.database = database;
        this.settings = settings;
    }

    /** The preview of a payday starting now. */
    public Figures compute() {
        long started = System.nanoTime();
        Settings current = settings.get();
        return database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            Instant cutOff = now(c);
            return new Run(c, current, cutOff).figures(started);
        });
    }

    private static Instant now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select now()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** A payout candidate after pay-in: what their balance and their owed amounts would be. */
    private record Candidate(long id, BigDecimal committed, BigDecimal owed) {
    }

    /** One preview, accumulating as it streams. */
    private static final class Run {
        private final Connection c;
        private final Settings settings;
        private final FeeSchedule fees;
        private final Instant cutOff;
        private final Timestamp ts;
        private long participants;
        private long tippers;
        private long tips;
        private long owedToRetry;
        private long owedExpired;
        private long charges;
        private BigDecimal chargeVolume = BigDecimal.ZERO.setScale(2);
        private BigDecimal chargeFees = BigDecimal.ZERO.setScale(2);
        private long cardsAtRisk;
        private long cardsMissing;
        private long transfers;
        private BigDecimal transferVolume = BigDecimal.ZERO.setScale(2);
        private long owedCreated;
        private long payouts;
        private BigDecimal payoutVolume = BigDecimal.ZERO.setScale(2);
        private BigDecimal payoutFees = BigDecimal.ZERO.setScale(2);
        private long payoutsBelowMinimum;
        private final Map<Long, BigDecimal> pendingIn = new HashMap<>();
        private final List<Candidate> candidates = new ArrayList<>();

        Run(Connection c, Settings settings, Instant cutOff) {
            this.c = c;
            this.settings = settings;
            this.fees = settings.fees();
            this.cutOff = cutOff;
            this.ts = Timestamp.from(cutOff);
        }

        Figures figures(long startedNanos) throws SQLException {
            String refusal = refusal();
            payIn();
            payOut();
            long refunds = count("select count(*) from refund where status = 'APPROVED' and decided_at <= ?");
            return new Figures(cutOff, refusal, participants, tippers, tips, owedToRetry, owedExpired, charges,
                    chargeVolume, chargeFees, cardsAtRisk, cardsMissing, transfers, transferVolume, owedCreated, payouts,
                    payoutVolume, payoutFees, payoutsBelowMinimum, refunds,
                    Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        private String refusal() throws SQLException {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, phase from payday where ts_end is null")) {
                if (rs.next()) {
                    return "Payday #" + rs.getLong(1) + " is open (in phase " + rs.getString(2).toLowerCase()
                            + "): a launch resumes it rather than starting a new one.";
                }
            }
            return PaydayRunner.tooSoon(c, settings, cutOff).orElse(null);
        }

        /** Every eligible participant merged with their obligations, both in participant id order. */
        private void payIn() throws SQLException {
            try (PreparedStatement people = c.prepareStatement("select p.id, a.committed, a.owed,"
                    + " p.review = 'WHITELISTED', p.card_token is not null,"
                    + " p.review = 'WHITELISTED' and p.bank_token is not null,"
                    + " coalesce(p.last_charge_result like 'failed%' or p.last_charge_result like 'unknown%', false),"
                    + " p.created_at <= ?"
                    + " from participant p join account a on a.id = p.id"
                    + " where payday_member(p.claimed_at, p.review, ?) order by p.id");
                 PreparedStatement owing = c.prepareStatement(OBLIGATIONS)) {
                people.setFetchSize(FETCH);
                people.setTimestamp(1, ts);
                people.setTimestamp(2, ts);
                owing.setFetchSize(FETCH);
                owing.setTimestamp(1, ts);
                owing.setInt(2, settings.owedExpiryWeeks());
                owing.setTimestamp(3, ts);
                owing.setInt(4, settings.owedExpiryWeeks());
                owing.setTimestamp(5, ts);
                try (ResultSet p = people.executeQuery(); ResultSet o = owing.executeQuery()) {
                    Row next = Row.read(o);
                    while (p.next()) {
                        long id = p.getLong(1);
                        while (next != null && next.tipperId < id) {
                            // Owed amounts of participants outside this payday expire all the same.
                            owedExpired += next.kind == Row.EXPIRED ? 1 : 0;
                            next = Row.read(o);
                        }
                        List<Obligation> obligations = new ArrayList<>();
                        BigDecimal expired = BigDecimal.ZERO;
                        while (next != null && next.tipperId == id) {
                            if (next.kind == Row.EXPIRED) {
                                expired = expired.add(next.amount);
                                owedExpired++;
                            } else {
                                obligations.add(new Obligation(0, next.kind == Row.OWED ? next.ownId : null, id,
                                        next.tippeeId, next.amount));
                            }
                            next = Row.read(o);
                        }
                        if (p.getBoolean(8)) {
                            participants++;
                        }
                        tipper(id, p.getBigDecimal(2), p.getBigDecimal(3).subtract(expired), p.getBoolean(4),
                                p.getBoolean(5), p.getBoolean(6), p.getBoolean(7), obligations);
                    }
                    while (next != null) {
                        owedExpired += next.kind == Row.EXPIRED ? 1 : 0;
                        next = Row.read(o);
                    }
                }
            }
        }

        private void tipper(long id, BigDecimal committed, BigDecimal owed, boolean whitelisted, boolean hasCard,
                            boolean payoutCandidate, boolean lastChargeFailed, List<Obligation> obligations) {
            BigDecimal balance = committed;
            if (!obligations.isEmpty()) {
                BigDecimal total = BigDecimal.ZERO;
                for (Obligation o : obligations) {
                    total = total.add(o.amount());
                    if (o.owedItemId() != null) {
                        owedToRetry++;
                    } else {
                        tips++;
                    }
                }
                PayInRules.Charge charge = PayInRules.charge(committed, total, whitelisted, hasCard, fees);
                if (charge.noCard()) {
                    cardsMissing++;
                } else if (charge.quote() != null) {
                    charges++;
                    chargeVolume = chargeVolume.add(charge.quote().charge());
                    chargeFees = chargeFees.add(charge.quote().fee());
                    balance = balance.add(charge.quote().amount());
                    cardsAtRisk += lastChargeFailed ? 1 : 0;
                }
                PayInRules.Transfers decided = PayInRules.transfer(balance, obligations);
                balance = decided.balance();
                if (!decided.moved().isEmpty()) {
                    tippers++;
                    transfers += decided.moved().size();
                    transferVolume = transferVolume.add(decided.movedAmount());
                }
                for (Obligation o : decided.moved()) {
                    pendingIn.merge(o.tippeeId(), o.amount(), BigDecimal::add);
                    if (o.owedItemId() != null) {
                        owed = owed.subtract(o.amount());
                    }
                }
                for (Obligation o : decided.owedNew()) {
                    owed = owed.add(o.amount());
                }
                owedCreated += decided.owedNew().size();
            }
            if (payoutCandidate) {
                candidates.add(new Candidate(id, balance, owed));
            }
        }

        /** The candidates after settle, merged with the tips they would owe next payday. */
        private void payOut() throws SQLException {
            try (PreparedStatement s = c.prepareStatement(NEXT_TIPS)) {
                s.setFetchSize(FETCH);
                try (ResultSet rs = s.executeQuery()) {
                    boolean more = rs.next();
                    for (Candidate candidate : candidates) {
                        while (more && rs.getLong(1) < candidate.id()) {
                            more = rs.next();
                        }
                        BigDecimal nextTips = more && rs.getLong(1) == candidate.id() ? rs.getBigDecimal(2) : BigDecimal.ZERO;
                        BigDecimal settled = candidate.committed().add(pendingIn.getOrDefault(candidate.id(), BigDecimal.ZERO));
                        BigDecimal payable = settled.subtract(candidate.owed()).subtract(nextTips);
                        FeeSchedule.PayoutQuote quote = Payout.quote(fees, payable);
                        if (quote != null) {
                            payouts++;
                            payoutVolume = payoutVolume.add(quote.credited());
                            payoutFees = payoutFees.add(quote.fee());
                        } else if (payable.signum() > 0) {
                            payoutsBelowMinimum++;
                        }
                    }
                }
            }
        }

        private long count(String sql) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setTimestamp(1, ts);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /**
     * Per tipper, in the order the pay-in takes them: owed amounts that expire at the cut-off, the
     * open ones to retry (oldest first, to tippees who can still receive), then the tips due (as
     * the payday's snapshot selects them, in the order they were created).
     */
    private static final String OBLIGATIONS = "select tipper_id, kind, own_id, tippee_id, amount from ("
            + " select o.tipper_id, 0 as kind, o.id as own_id, o.tippee_id, o.amount, o.created_at as at"
            + "  from owed_item o where o.status = 'OPEN'"
            + "  and o.created_at < ?::timestamptz - make_interval(weeks => ?)"
            + " union all"
            + " select o.tipper_id, 1, o.id, o.tippee_id, o.amount, o.created_at from owed_item o"
            + "  join participant ee on ee.id = o.tippee_id where o.status = 'OPEN'"
            + "  and o.created_at >= ?::timestamptz - make_interval(weeks => ?)"
            + "  and payday_member(ee.claimed_at, ee.review, 'infinity')"
            + " union all"
            + " select t.tipper_id, 2, t.id, t.tippee_id, t.amount, t.created_at from tips_due(?) t"
            + ") x order by tipper_id, kind, at, own_id";

    /** What each participant's tips in force come to, to tippees who can receive: the payout's "next tips". */
    private static final String NEXT_TIPS = "select t.tipper_id, sum(t.amount) from tips_in_force('infinity') t"
            + " join participant ee on ee.id = t.tippee_id"
            + " where t.amount > 0 and payday_member(ee.claimed_at, ee.review, 'infinity')"
            + " group by t.tipper_id order by t.tipper_id";

    /** One row of {@link #OBLIGATIONS}. */
    private record Row(long tipperId, int kind, long ownId, long tippeeId, BigDecimal amount) {
        static final int EXPIRED = 0;
        static final int OWED = 1;

        static Row read(ResultSet rs) throws SQLException {
            return rs.next() ? new Row(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5))
                    : null;
        }
    }
}
