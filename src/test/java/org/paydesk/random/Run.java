package org.paydesk.random;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.participants.ImportException;
import org.paydesk.payday.PaydayRefusedException;
import org.paydesk.participants.Review;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.ProbableDuplicateException;
import org.paydesk.staff.NotAllowedException;

/** One sequence of operations on a restored world: applies each, then checks everything it can. */
final class Run {

    /** How an operation ended, in the terms the model predicts. */
    enum Result { DONE, NOT_ALLOWED, DUPLICATE, REFUSED, BUSY }

    /** An operation's outcome and, when it was refused, the product's message. */
    record Attempt<T>(Result result, T value, String message) {
        @Override
        public String toString() {
            return result == Result.DONE ? "done" + (value == null ? "" : " (" + value + ")")
                    : result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message;
        }
    }

    final World world;
    final Model model = new Model();
    private final List<String> log = new ArrayList<>();
    private final Consumer<String> counter;

    private final boolean everyStep;

    /**
     * {@code counter} is told what each step checked beyond the invariants (for the property's statistics);
     * {@code everyStep}: {@link #verify} after every step as well as at the end.
     */
    Run(World world, Consumer<String> counter, boolean everyStep) {
        this.world = world;
        this.counter = counter;
        this.everyStep = everyStep;
    }

    void count(String what) {
        counter.accept(what);
    }

    void apply(Op op) {
        model.clock++;
        log.add(op.toString());
        op.apply(this);
        if (everyStep) {
            verify("after step " + log.size() + " (" + op + ")");
        }
    }

    /** The checks of {@link #verify} once the sequence is over (the bulk tier checks only here). */
    void finish() {
        if (!everyStep) { // otherwise done after the last step already
            verify("at the end of the sequence");
        }
    }

    /** Notes what a step did, for the failure message. */
    void note(String text) {
        log.set(log.size() - 1, log.get(log.size() - 1) + "  -> " + text);
    }

    /**
     * Runs {@code work}, mapping the refusals the product makes in words to a {@link Result}; any other
     * exception is a failure of the test.
     */
    <T> Attempt<T> attempt(Supplier<T> work) {
        try {
            return new Attempt<>(Result.DONE, work.get(), null);
        } catch (ProcessorBusyException e) {
            return new Attempt<>(Result.BUSY, null, e.getMessage());
        } catch (NotAllowedException e) {
            return new Attempt<>(Result.NOT_ALLOWED, null, e.getMessage());
        } catch (ProbableDuplicateException e) {
            return new Attempt<>(Result.DUPLICATE, null, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | ImportException | PaydayRefusedException e) {
            return new Attempt<>(Result.REFUSED, null, e.getMessage());
        }
    }

    /** Fails unless the attempt ended as the model said; notes the outcome either way. */
    <T> Attempt<T> expect(Result expected, Attempt<T> actual) {
        note(actual.toString());
        if (actual.result() != expected) {
            fail("expected " + expected + " but it was " + actual);
        }
        return actual;
    }

    void fail(String message) {
        StringBuilder text = new StringBuilder(message).append("\nthe steps, with what each did:");
        for (int i = 0; i < log.size(); i++) {
            text.append("\n  ").append(i + 1).append(". ").append(log.get(i));
        }
        throw new AssertionError(text.toString());
    }

    /** The invariant checks of DESIGN §8, as {@code paydesk check} runs them. */
    void checkInvariants(String when) {
        List<CheckResult> failed = world.paydesk.checker().runAll().stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            fail("invariants failed " + when + ": " + failed.stream().map(r -> r.name() + " (" + r.detail() + ")")
                    .collect(Collectors.joining("; ")));
        }
    }

    /** What the database holds that the model predicts, read in one round trip (see {@link #verify}). */
    private static final List<String> STATE = List.of(
            "select p.username, a.committed, p.review from participant p join account a on a.id = p.id",
            "select '#' || id || ' ' || status from queued_payment order by id",
            "select '#' || id || ' ' || status || ' ' || coalesce(amount::text, 'null') from refund order by id",
            "select count(*) from refund where decided_by = requested_by",
            "select count(*) from payday where ts_end is null",
            "select phase || ': ' || message from payday_error where message like 'invariant failed%'"
                    + " or message like 'pay-in failed%'",
            "select coalesce(sum(committed + pending), 0) from account where kind = 'PARTICIPANT'",
            "select coalesce(sum(case when kind = 'CHARGE' then amount - fee else -(amount + fee) end), 0)"
                    + " from exchange where status = 'SUCCEEDED' and refund_id is null");

    /**
     * Everything checked after a step (deep tier) or after the sequence (bulk tier): {@code check}'s
     * invariants, then the database against the model; both read in one repeatable-read transaction.
     */
    void verify(String when) {
        World.Checked checked = world.checked(STATE);
        List<CheckResult> failed = checked.invariants().stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            fail("invariants failed " + when + ": " + failed.stream().map(r -> r.name() + " (" + r.detail() + ")")
                    .collect(Collectors.joining("; ")));
        }
        List<List<String>> rows = checked.rows();
        Map<String, String> expected = new TreeMap<>();
        model.people.values().forEach(p -> expected.put(p.name, p.balance.toPlainString() + " " + p.review));
        Map<String, String> actual = new TreeMap<>();
        for (String row : rows.get(0)) {
            String[] f = row.split(" \\| ");
            actual.put(f[0], f[1] + " " + f[2]);
            if (new BigDecimal(f[1]).signum() < 0) {
                fail(f[0] + "'s committed balance is negative " + when + ": " + f[1]);
            }
        }
        if (!expected.equals(actual)) {
            fail("participants (committed balance, review) differ from the model " + when + ": expected " + expected
                    + ", database " + actual);
        }
        List<String> items = model.items.stream().map(i -> "#" + i.id + " " + i.status).toList();
        if (!items.equals(rows.get(1))) {
            fail("the queue differs from the model " + when + ": expected " + items + ", database " + rows.get(1));
        }
        List<String> refunds = model.refunds.stream().map(r -> "#" + r.id + " " + r.status + " "
                + (r.amount == null ? null : r.amount.toPlainString())).toList();
        if (!refunds.equals(rows.get(2))) {
            fail("the refunds differ from the model " + when + ": expected " + refunds + ", database " + rows.get(2));
        }
        long bySameStaff = Long.parseLong(rows.get(3).get(0));
        if (bySameStaff != 0) {
            fail(bySameStaff + " refunds were decided by their requester (four eyes)");
        }
        long open = Long.parseLong(rows.get(4).get(0));
        if (open != (model.paydayOpen ? 1 : 0)) {
            fail("open paydays " + when + ": " + open + ", the model expects " + (model.paydayOpen ? 1 : 0));
        }
        if (!rows.get(5).isEmpty()) {
            fail("a payday recorded a failed invariant or a failed pay-in: " + rows.get(5));
        }
        // Money held by participants (committed and pending, from the cached columns) is what the model
        // let in and out, plus what the gateway charged net of fees, less what it paid out with fees.
        BigDecimal held = new BigDecimal(rows.get(6).get(0));
        BigDecimal gateway = new BigDecimal(rows.get(7).get(0));
        BigDecimal predicted = model.adjustments.add(gateway);
        if (held.compareTo(predicted) != 0) {
            fail("participants hold " + held.toPlainString() + " " + when + " but the model's adjustments "
                    + model.adjustments.toPlainString() + " plus the gateway's net " + gateway.toPlainString() + " make "
                    + predicted.toPlainString());
        }
    }

    /** Reads every participant's committed balance and review back into the model (after a payday). */
    void resyncBalances() {
        for (String row : world.strings("select p.username, a.committed from participant p join account a on a.id = p.id")) {
            String[] f = row.split(" \\| ");
            Model.Person p = model.people.get(f[0]);
            if (p == null) {
                fail("an unknown participant appeared: " + f[0]);
            }
            Objects.requireNonNull(p).balance = new BigDecimal(f[1]);
        }
    }

    Review review(String name) {
        return model.people.get(name).review;
    }
}
