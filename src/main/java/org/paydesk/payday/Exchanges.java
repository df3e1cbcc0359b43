package org.paydesk.payday;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
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

/**
 * The payday's charges and payouts through {@link GatewayExchanges} (intent, call, record): what
 * is the payday's own is here, its keys, its journal entries, its counters and error list.
 */
final class Exchanges {

    private final GatewayExchanges exchanges;
    private final Ledger ledger;
    private final long paydayId;
    private final PaydayHooks hooks;

    Exchanges(Transactions database, PaymentGateway gateway, Executor callers, Ledger ledger, long paydayId,
              PaydayHooks hooks) {
        this.exchanges = new GatewayExchanges(database, gateway, callers, ledger);
        this.ledger = ledger;
        this.paydayId = paydayId;
        this.hooks = hooks;
    }

    static String key(long paydayId, ExchangeKind kind, long participantId) {
        return "payday-" + paydayId + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + participantId;
    }

    /**
     * This payday's charge or payout to {@code participantId}. {@code amount} is what the gateway
     * moves (the card charge, or the sum credited to the bank) and {@code fee} the platform's part of it.
     */
    Request request(ExchangeKind kind, long participantId, String token, BigDecimal amount, BigDecimal fee) {
        return Request.ofPayday(paydayId, kind, participantId, token, key(paydayId, kind, participantId), amount, fee);
    }

    /** How the participant's committed balance moves when {@code r} succeeds. */
    static BigDecimal balanceEffect(Request r) {
        return r.kind() == ExchangeKind.CHARGE ? r.amount().subtract(r.fee()) : r.amount().add(r.fee()).negate();
    }

    /**
     * Intent, call and record for each request an earlier run of this payday did not make already;
     * returns the outcomes this run recorded. One that cannot be recorded goes to the error list.
     */
    List<Outcome> run(List<Request> requests, PaydayCounters counters, ErrorLog errors, Phase phase) {
        return recordSent(send(requests, errors, phase), counters, errors, phase);
    }

    /**
     * Intent and call for each request an earlier run of this payday did not make already, and the
     * participants' last results as the gateway answered; the outcomes are open exchanges until
     * {@link #recordSent} records them. (The pay-in sends on its second thread while the first
     * records and writes the batch before, so what can be written here is not on the first's path.)
     */
    List<Outcome> send(List<Request> requests, ErrorLog errors, Phase phase) {
        List<Outcome> sent = exchanges.send(requests, recording(errors, phase, true));
        exchanges.writeLastResults(sent);
        return sent;
    }

    /** Records what {@link #send} returned (whose last results it wrote); returns the outcomes this run recorded. */
    List<Outcome> recordSent(List<Outcome> sent, PaydayCounters counters, ErrorLog errors, Phase phase) {
        List<Outcome> recorded = exchanges.recordAll(sent, recording(errors, phase, false));
        count(recorded, counters, errors, phase);
        return recorded;
    }

    /** Settles exchanges an interrupted run left in intent (or unknown): asks, and sends only what never arrived. */
    List<Outcome> reconcileOpen(PaydayCounters counters, ErrorLog errors) {
        List<Outcome> recorded = exchanges.reconcilePayday(paydayId, recording(errors, Phase.START, true));
        count(recorded, counters, errors, Phase.START);
        return recorded;
    }

    /** Records outcomes on {@code c} as this payday does; returns those recorded here (not by another run). */
    List<Outcome> record(Connection c, List<Outcome> outcomes) throws SQLException {
        return exchanges.record(c, outcomes, recording(null, Phase.PAYIN, true));
    }

    private GatewayExchanges.Recording recording(ErrorLog errors, Phase phase, boolean setsLastResults) {
        return new GatewayExchanges.Recording() {
            @Override
            public JournalEntry entryFor(ExchangeKind kind, List<Request> succeeded) {
                return Exchanges.this.entryFor(kind, succeeded);
            }

            @Override
            public boolean setsLastResults() {
                return setsLastResults;
            }

            @Override
            public void notRecorded(Outcome outcome, String why) {
                errors.record(phase, outcome.request().participantId(), null,
                        why + "; the exchange stays open until it is reconciled");
            }

            @Override
            public void reached(String point) {
                hooks.reached(phase, point);
            }
        };
    }

    /**
     * One entry for a batch's successful charges (or payouts): a posting per participant, one to
     * gateway clearing and one to platform fees for the batch, so a batch of two thousand charges
     * writes two thousand and two postings, not six thousand.
     */
    private JournalEntry entryFor(ExchangeKind kind, List<Request> succeeded) {
        boolean charge = kind == ExchangeKind.CHARGE;
        JournalEntry.Builder entry = JournalEntry.builder(charge ? EntryKind.CHARGE : EntryKind.PAYOUT).payday(paydayId)
                .description(succeeded.size() == 1 ? succeeded.get(0).key()
                        : succeeded.size() + (charge ? " charges" : " payouts") + " of payday " + paydayId);
        BigDecimal amounts = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        for (Request r : succeeded) {
            entry.post(r.participantId(), balanceEffect(r));
            amounts = amounts.add(r.amount());
            fees = fees.add(r.fee());
        }
        entry.post(ledger.systemAccount(AccountKind.GATEWAY_CLEARING), charge ? amounts.negate() : amounts);
        if (fees.signum() != 0) {
            entry.post(ledger.systemAccount(AccountKind.PLATFORM_FEES), fees);
        }
        return entry.build();
    }

    private static void count(List<Outcome> outcomes, PaydayCounters counters, ErrorLog errors, Phase phase) {
        for (Outcome o : outcomes) {
            boolean charge = o.request().kind() == ExchangeKind.CHARGE;
            switch (o.status()) {
                case SUCCEEDED -> {
                    if (charge) {
                        counters.charged(o.request().amount());
                    } else {
                        counters.paidOut(o.request().amount());
                    }
                }
                case FAILED -> {
                    if (charge) {
                        counters.cardFailed();
                    } else {
                        counters.payoutFailed();
                    }
                }
                case UNKNOWN -> errors.record(phase, o.request().participantId(), null,
                        (charge ? "charge " : "payout ") + o.request().key() + " outcome unknown (" + o.message()
                                + "); it is settled with the gateway when the payday resumes");
            }
        }
    }
}
