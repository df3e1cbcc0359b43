package org.paydesk.payday;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a running payday, safe to read from any thread. Amounts are kept in cents. */
public final class PaydayCounters {

    /** The counters at one moment. */
    public record Snapshot(long charges, BigDecimal chargeVolume, long cardsFailing, long cardsMissing,
                           long transfers, BigDecimal transferVolume, long owedCreated, long payouts,
                           BigDecimal payoutVolume, long payoutsFailing, long errors) {
    }

    private final AtomicLong charges = new AtomicLong();
    private final AtomicLong chargeCents = new AtomicLong();
    private final AtomicLong cardsFailing = new AtomicLong();
    private final AtomicLong cardsMissing = new AtomicLong();
    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong transferCents = new AtomicLong();
    private final AtomicLong owedCreated = new AtomicLong();
    private final AtomicLong payouts = new AtomicLong();
    private final AtomicLong payoutCents = new AtomicLong();
    private final AtomicLong payoutsFailing = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    private static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    private static BigDecimal amount(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    void charged(BigDecimal charge) {
        charges.incrementAndGet();
        chargeCents.addAndGet(cents(charge));
    }

    void cardFailed() {
        cardsFailing.incrementAndGet();
    }

    void cardsMissing(long n) {
        cardsMissing.addAndGet(n);
    }

    void transferred(long count, BigDecimal volume) {
        transfers.addAndGet(count);
        transferCents.addAndGet(cents(volume));
    }

    void owedCreated(long n) {
        owedCreated.addAndGet(n);
    }

    void paidOut(BigDecimal credited) {
        payouts.incrementAndGet();
        payoutCents.addAndGet(cents(credited));
    }

    void payoutFailed() {
        payoutsFailing.incrementAndGet();
    }

    void error() {
        errors.incrementAndGet();
    }

    /** Starts from what an earlier run of the same payday already did. */
    void restore(PaydayStats stored) {
        charges.set(stored.charges());
        chargeCents.set(cents(stored.chargeVolume()));
        cardsFailing.set(stored.cardsFailing());
        cardsMissing.set(stored.cardsMissing());
        transfers.set(stored.transfers());
        transferCents.set(cents(stored.transferVolume()));
        owedCreated.set(stored.owedCreated());
        payouts.set(stored.payouts());
        payoutCents.set(cents(stored.payoutVolume()));
        payoutsFailing.set(stored.payoutsFailing());
        errors.set(stored.errors());
    }

    public Snapshot snapshot() {
        return new Snapshot(charges.get(), amount(chargeCents.get()), cardsFailing.get(), cardsMissing.get(),
                transfers.get(), amount(transferCents.get()), owedCreated.get(), payouts.get(),
                amount(payoutCents.get()), payoutsFailing.get(), errors.get());
    }
}
