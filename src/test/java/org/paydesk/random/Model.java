package org.paydesk.random;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paydesk.participants.Review;
import org.paydesk.queue.PaymentKind;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.refunds.RefundService;

/**
 * What the test expects, kept without the database: each participant's committed balance, review
 * state, the queue and the refunds with their statuses, and the staff adjustments, opening
 * balances and refunds that moved money in or out (gateway charges and payouts are read from the
 * exchange records). The payday's own arithmetic is not modelled: after a payday the balances are
 * read back, and the run is judged by the invariants, the conservation of money and a comparison
 * with the same payday run again without interruption.
 */
final class Model {

    static final class Person {
        final String name;
        final boolean claimed;
        final String card;
        final String bank;
        BigDecimal balance;
        Review review;

        Person(String name, boolean claimed, String card, String bank, BigDecimal balance, Review review) {
            this.name = name;
            this.claimed = claimed;
            this.card = card;
            this.bank = bank;
            this.balance = balance;
            this.review = review;
        }
    }

    static final class Item {
        final long id;
        final String staff;
        final PaymentKind kind;
        final String who;
        final BigDecimal amount;
        final String reason;
        final String ref;
        QueuedPayment.Status status = QueuedPayment.Status.QUEUED;
        /** The week it was queued in: the duplicate rule looks back ten minutes only. */
        final int week;

        Item(long id, String staff, PaymentKind kind, String who, BigDecimal amount, String reason, String ref, int week) {
            this.id = id;
            this.staff = staff;
            this.kind = kind;
            this.who = who;
            this.amount = amount;
            this.reason = reason;
            this.ref = ref;
            this.week = week;
        }
    }

    static final class Refund {
        final long id;
        final RefundService.Kind kind;
        final String who;
        final String tippee;
        final Set<Long> paydays;
        BigDecimal amount;
        final String requestedBy;
        RefundService.Status status = RefundService.Status.REQUESTED;
        /** The model's clock when it was approved: a payday executes what was approved before it started. */
        long approvedAt = Long.MAX_VALUE;

        Refund(long id, RefundService.Kind kind, String who, String tippee, Set<Long> paydays, BigDecimal amount,
               String requestedBy) {
            this.id = id;
            this.kind = kind;
            this.who = who;
            this.tippee = tippee;
            this.paydays = paydays;
            this.amount = amount;
            this.requestedBy = requestedBy;
        }
    }

    final Map<String, Person> people = new LinkedHashMap<>();
    final List<Item> items = new ArrayList<>();
    final List<Refund> refunds = new ArrayList<>();
    /** Ids of every payday started, in order. */
    final List<Long> paydays = new ArrayList<>();
    boolean paydayOpen;
    /** A payday is running now (an operation done from inside it, at one of its hooks): it holds the processor. */
    boolean paydayRunning;
    /** The model's clock when the open (or last) payday started. */
    long paydayStartedAt;
    /** A payday started since the last week passed: a run without force is refused. */
    boolean paydayThisWeek;
    int week;
    /** Opening balances + payments in + credits - debits - chargebacks taken - full refunds. */
    BigDecimal adjustments = BigDecimal.ZERO.setScale(2);
    long clock;

    BigDecimal balance(String name) {
        return people.get(name).balance;
    }

    void add(String name, BigDecimal amount) {
        Person p = people.get(name);
        p.balance = p.balance.add(amount);
    }

    /** An identical item the same staff member queued within the duplicate window, still queued or done. */
    boolean probableDuplicate(String staff, PaymentKind kind, String who, BigDecimal amount, String reason) {
        String normalised = reason.strip().toLowerCase(Locale.ROOT);
        return items.stream().anyMatch(i -> i.week == week && i.staff.equals(staff) && i.kind == kind
                && i.who.equals(who) && i.amount.compareTo(amount) == 0
                && i.reason.strip().toLowerCase(Locale.ROOT).equals(normalised)
                && (i.status == QueuedPayment.Status.QUEUED || i.status == QueuedPayment.Status.DONE));
    }

    boolean referenceUsed(String ref) {
        return items.stream().anyMatch(i -> i.ref != null && i.ref.equalsIgnoreCase(ref));
    }

    /**
     * Executes the approved refunds (those approved before {@code approvedBefore} on the model's clock),
     * oldest first, as the serial processor does: a tip refund fails whole when the tippee's balance no
     * longer covers it; a full refund takes the whole balance, and fails when it is zero.
     * Returns how many were executed.
     */
    int executeApprovedRefunds(long approvedBefore) {
        int executed = 0;
        for (Refund r : refunds) {
            if (r.status != RefundService.Status.APPROVED || r.approvedAt >= approvedBefore) {
                continue;
            }
            if (r.kind == RefundService.Kind.TIP) {
                if (balance(r.tippee).compareTo(r.amount) < 0) {
                    r.status = RefundService.Status.FAILED;
                } else {
                    add(r.tippee, r.amount.negate());
                    add(r.who, r.amount);
                    r.status = RefundService.Status.EXECUTED;
                    executed++;
                }
            } else {
                BigDecimal all = balance(r.who);
                if (all.signum() <= 0) {
                    r.status = RefundService.Status.FAILED;
                } else {
                    add(r.who, all.negate());
                    adjustments = adjustments.subtract(all);
                    r.amount = all;
                    r.status = RefundService.Status.EXECUTED;
                    executed++;
                }
            }
        }
        return executed;
    }

    /** Applies the queued items, oldest first; returns {done, failed}. */
    int[] processQueue() {
        int done = 0;
        int failed = 0;
        for (Item i : items) {
            if (i.status != QueuedPayment.Status.QUEUED) {
                continue;
            }
            BigDecimal balance = balance(i.who);
            BigDecimal change = switch (i.kind) {
                case PAYMENT_IN, CREDIT -> i.amount;
                case DEBIT -> balance.compareTo(i.amount) < 0 ? null : i.amount.negate();
                case CHARGEBACK -> balance.min(i.amount).negate();
            };
            if (change == null) {
                i.status = QueuedPayment.Status.FAILED;
                failed++;
            } else {
                add(i.who, change);
                adjustments = adjustments.add(change);
                i.status = QueuedPayment.Status.DONE;
                done++;
            }
        }
        return new int[] {done, failed};
    }
}
