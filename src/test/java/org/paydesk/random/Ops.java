package org.paydesk.random;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.paydesk.participants.Review;
import org.paydesk.payday.PaydayCancelledException;
import org.paydesk.payday.PaydayHooks;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayPreview;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.Phase;
import org.paydesk.queue.PaymentKind;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.refunds.RefundService;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.random.Run.Result;

/** The operations of the random sequences, each a record whose {@code toString} reads as a step. */
final class Ops {

    private Ops() {
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    private static boolean has(Run run, String staff, Role role) {
        return run.world.staff.get(staff).roles().contains(role);
    }

    private static Caller caller(Run run, String staff) {
        return run.world.staff.get(staff);
    }

    // ------------------------------------------------------------------ import

    /** A participant of an import file. */
    record NewPerson(String name, boolean claimed, Review review, BigDecimal balance, String card, String bank) {
        @Override
        public String toString() {
            return name + "(" + review + ", " + money(balance) + (card == null ? "" : ", " + card)
                    + (bank == null ? "" : ", " + bank) + (claimed ? "" : ", unclaimed") + ")";
        }

        String json() {
            return "{\"username\": \"" + name + "\", \"claimed\": " + claimed + ", \"review\": \"" + review
                    + "\", \"balance\": \"" + money(balance) + "\"" + (card == null ? "" : ", \"card\": \"" + card + "\"")
                    + (bank == null ? "" : ", \"bank\": \"" + bank + "\"") + "}";
        }
    }

    /** A tip of an import file: a new weekly amount for the pair, 0.00 cancels. */
    record NewTip(String tipper, String tippee, BigDecimal amount) {
        @Override
        public String toString() {
            return tipper + "->" + tippee + " " + money(amount);
        }

        String json() {
            return "{\"tipper\": \"" + tipper + "\", \"tippee\": \"" + tippee + "\", \"amount\": \"" + money(amount) + "\"}";
        }
    }

    /** Imports participants and tips (tips may name participants imported earlier): all or nothing. */
    record Import(List<NewPerson> people, List<NewTip> tips) implements Op {
        @Override
        public String toString() {
            return "import " + (people.isEmpty() ? "" : people + " ") + "tips " + tips;
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            Set<String> known = new HashSet<>(m.people.keySet());
            boolean refused = false;
            for (NewPerson p : people) {
                refused |= !known.add(p.name());
            }
            for (NewTip t : tips) {
                refused |= !known.contains(t.tipper()) || !known.contains(t.tippee());
            }
            String json = "{\"participants\": [" + people.stream().map(NewPerson::json).collect(Collectors.joining(", "))
                    + "], \"tips\": [" + tips.stream().map(NewTip::json).collect(Collectors.joining(", ")) + "]}";
            run.expect(refused ? Result.REFUSED : Result.DONE, run.attempt(() -> run.world.paydesk.importer().importJson(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "random.json",
                    run.world.paydesk.systemStaffId())));
            if (!refused) {
                for (NewPerson p : people) {
                    m.people.put(p.name(), new Model.Person(p.name(), p.claimed(), p.card(), p.bank(),
                            p.balance().setScale(2), p.review()));
                    m.adjustments = m.adjustments.add(p.balance());
                }
            }
        }
    }

    // ------------------------------------------------------------------ the payment queue

    /** Queues a payment in, credit, debit or chargeback. */
    record Queue(String staff, PaymentKind kind, String who, BigDecimal amount, String reason, String ref, boolean force)
            implements Op {
        @Override
        public String toString() {
            return staff + " queues " + kind + " " + money(amount) + " for " + who + " (\"" + reason + "\""
                    + (ref == null ? "" : ", ref \"" + ref + "\"") + (force ? ", forced" : "") + ")";
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            String reference = ref == null || ref.isBlank() ? null : ref.strip();
            Result expected;
            if (!has(run, staff, Role.CLERK)) {
                expected = Result.NOT_ALLOWED;
            } else if (!m.people.containsKey(who)) {
                expected = Result.REFUSED;
            } else if (reference != null && m.referenceUsed(reference)) {
                expected = Result.REFUSED;
            } else if (reference == null && !force && m.probableDuplicate(staff, kind, who, amount, reason)) {
                expected = Result.DUPLICATE;
            } else if (kind == PaymentKind.DEBIT && m.balance(who).compareTo(amount) < 0) {
                expected = Result.REFUSED;
            } else {
                expected = Result.DONE;
            }
            Run.Attempt<Long> done = run.expect(expected, run.attempt(() -> run.world.paydesk.queue().add(
                    caller(run, staff), kind, who, amount, reason, ref, force)));
            if (done.result() == Result.DONE) {
                m.items.add(new Model.Item(done.value(), staff, kind, who, amount.setScale(2), reason, reference, m.week));
            }
        }
    }

    /** Takes the processor and applies approved refunds, then the queued items. */
    record Process(String staff) implements Op {
        @Override
        public String toString() {
            return staff + " processes the queue";
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            if (!has(run, staff, Role.CLERK) || m.paydayRunning) {
                run.expect(m.paydayRunning && has(run, staff, Role.CLERK) ? Result.BUSY : Result.NOT_ALLOWED,
                        run.attempt(() -> run.world.paydesk.queue().processQueued(caller(run, staff))));
                return;
            }
            m.executeApprovedRefunds(Long.MAX_VALUE);
            int[] predicted = m.processQueue();
            Run.Attempt<PaymentQueue.ProcessResult> done = run.expect(Result.DONE,
                    run.attempt(() -> run.world.paydesk.queue().processQueued(caller(run, staff))));
            if (done.value().done() != predicted[0] || done.value().failed() != predicted[1]) {
                run.fail("processing the queue did " + done.value() + ", the model expects done=" + predicted[0]
                        + ", failed=" + predicted[1]);
            }
        }
    }

    /** Puts the k-th failed item back in the queue (nothing when none failed). */
    record Retry(String staff, int k) implements Op {
        @Override
        public String toString() {
            return staff + " retries failed item " + k;
        }

        @Override
        public void apply(Run run) {
            List<Model.Item> failed = run.model.items.stream().filter(i -> i.status == QueuedPayment.Status.FAILED).toList();
            if (failed.isEmpty()) {
                run.note("nothing failed");
                return;
            }
            Model.Item item = failed.get(k % failed.size());
            long version = run.world.paydesk.queue().get(item.id).version();
            boolean allowed = has(run, staff, Role.CLERK);
            run.expect(allowed ? Result.DONE : Result.NOT_ALLOWED, run.attempt(() -> {
                run.world.paydesk.queue().retry(caller(run, staff), item.id, version);
                return "#" + item.id;
            }));
            if (allowed) {
                item.status = QueuedPayment.Status.QUEUED;
            }
        }
    }

    /** Cancels the k-th item that is queued or failed (nothing when there is none). */
    record Cancel(String staff, int k) implements Op {
        @Override
        public String toString() {
            return staff + " cancels open item " + k;
        }

        @Override
        public void apply(Run run) {
            List<Model.Item> open = run.model.items.stream().filter(i -> i.status == QueuedPayment.Status.QUEUED
                    || i.status == QueuedPayment.Status.FAILED).toList();
            if (open.isEmpty()) {
                run.note("nothing to cancel");
                return;
            }
            Model.Item item = open.get(k % open.size());
            long version = run.world.paydesk.queue().get(item.id).version();
            boolean allowed = has(run, staff, Role.CLERK);
            run.expect(allowed ? Result.DONE : Result.NOT_ALLOWED, run.attempt(() -> {
                run.world.paydesk.queue().cancel(caller(run, staff), item.id, version);
                return "#" + item.id;
            }));
            if (allowed) {
                item.status = QueuedPayment.Status.CANCELLED;
            }
        }
    }

    // ------------------------------------------------------------------ refunds

    /** Requests that a participant's whole balance be refunded. */
    record RequestFullRefund(String staff, String who) implements Op {
        @Override
        public String toString() {
            return staff + " requests a full refund of " + who;
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            Result expected = !has(run, staff, Role.CLERK) ? Result.NOT_ALLOWED
                    : !m.people.containsKey(who) ? Result.REFUSED : Result.DONE;
            Run.Attempt<Long> done = run.expect(expected, run.attempt(() -> run.world.paydesk.refunds()
                    .requestFullRefund(caller(run, staff), who, "random full refund")));
            if (done.result() == Result.DONE) {
                m.refunds.add(new Model.Refund(done.value(), RefundService.Kind.FULL, who, null, Set.of(), null, staff));
            }
        }
    }

    /** Requests the return of what a tipper gave one tippee in the latest payday, or in all paydays. */
    record RequestTipRefund(String staff, String tipper, String tippee, boolean allPaydays) implements Op {
        @Override
        public String toString() {
            return staff + " requests a tip refund " + tippee + "->" + tipper + " of " + (allPaydays ? "all paydays"
                    : "the latest payday");
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            List<Long> paydays = m.paydays.isEmpty() ? List.of()
                    : allPaydays ? List.copyOf(m.paydays) : List.of(m.paydays.get(m.paydays.size() - 1));
            Result expected;
            BigDecimal amount = null;
            if (!has(run, staff, Role.CLERK)) {
                expected = Result.NOT_ALLOWED;
            } else if (paydays.isEmpty() || !m.people.containsKey(tipper) || !m.people.containsKey(tippee)) {
                expected = Result.REFUSED;
            } else if (m.refunds.stream().anyMatch(r -> r.kind == RefundService.Kind.TIP && r.who.equals(tipper)
                    && r.tippee.equals(tippee) && r.status != RefundService.Status.REJECTED
                    && r.status != RefundService.Status.FAILED && paydays.stream().anyMatch(r.paydays::contains))) {
                expected = Result.REFUSED;
            } else {
                amount = run.world.decimal("select coalesce(sum(t.amount), 0) from transfer t"
                        + " join participant er on er.id = t.tipper_id join participant ee on ee.id = t.tippee_id"
                        + " where er.username = ? and ee.username = ? and t.payday_id = any (?)",
                        tipper, tippee, paydays.toArray(Long[]::new)).setScale(2);
                expected = amount.signum() > 0 ? Result.DONE : Result.REFUSED;
            }
            Run.Attempt<Long> done = run.expect(expected, run.attempt(() -> run.world.paydesk.refunds()
                    .requestTipRefund(caller(run, staff), tipper, tippee, paydays, "random tip refund")));
            if (done.result() == Result.DONE) {
                m.refunds.add(new Model.Refund(done.value(), RefundService.Kind.TIP, tipper, tippee, Set.copyOf(paydays),
                        amount, staff));
            }
        }
    }

    /** Approves or rejects the k-th refund, whatever its state (nothing when there is none). */
    record Decide(String staff, int k, boolean approve) implements Op {
        @Override
        public String toString() {
            return staff + (approve ? " approves" : " rejects") + " refund " + k;
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            if (m.refunds.isEmpty()) {
                run.note("no refund yet");
                return;
            }
            Model.Refund refund = m.refunds.get(k % m.refunds.size());
            Result expected = !has(run, staff, Role.APPROVER) || refund.requestedBy.equals(staff) ? Result.NOT_ALLOWED
                    : refund.status != RefundService.Status.REQUESTED ? Result.REFUSED : Result.DONE;
            long version = run.world.paydesk.refunds().get(refund.id).version();
            run.expect(expected, run.attempt(() -> {
                if (approve) {
                    run.world.paydesk.refunds().approve(caller(run, staff), refund.id, "random decision", version);
                } else {
                    run.world.paydesk.refunds().reject(caller(run, staff), refund.id, "random decision", version);
                }
                return "#" + refund.id;
            }));
            if (expected == Result.DONE) {
                refund.status = approve ? RefundService.Status.APPROVED : RefundService.Status.REJECTED;
                refund.approvedAt = m.clock;
            }
        }
    }

    // ------------------------------------------------------------------ review

    /** Moves a participant to another review state. */
    record SetReview(String staff, String who, Review review) implements Op {
        @Override
        public String toString() {
            return staff + " sets " + who + " " + review;
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            Result expected = !has(run, staff, Role.APPROVER) ? Result.NOT_ALLOWED
                    : !m.people.containsKey(who) ? Result.REFUSED : Result.DONE;
            run.expect(expected, run.attempt(() -> {
                run.world.paydesk.reviews().setReview(caller(run, staff), who, review, "random review");
                return null;
            }));
            if (expected == Result.DONE) {
                m.people.get(who).review = review;
            }
        }
    }

    // ------------------------------------------------------------------ time

    /** Moves every stored time a week back, as if a week had passed. */
    record WeekPasses() implements Op {
        @Override
        public String toString() {
            return "a week passes";
        }

        @Override
        public void apply(Run run) {
            String week = " - interval '7 days'";
            // Time is the test's to move: the triggers that keep a decision final are off for this transaction.
            run.world.sql("set local session_replication_role = replica;"
                    + " update participant set created_at = created_at" + week + ", claimed_at = claimed_at" + week + ";"
                    + " update tip set created_at = created_at" + week + ";"
                    + " update payday set ts_start = ts_start" + week + ", ts_end = ts_end" + week + ";"
                    + " update payday_due_tip set tip_created_at = tip_created_at" + week + ";"
                    + " update owed_item set created_at = created_at" + week + ", closed_at = closed_at" + week + ";"
                    + " update refund set requested_at = requested_at" + week + ", decided_at = decided_at" + week
                    + ", executed_at = executed_at" + week + ";"
                    + " update queued_payment set queued_at = queued_at" + week + ", processed_at = processed_at" + week);
            run.model.week++;
            run.model.paydayThisWeek = false;
        }
    }

    // ------------------------------------------------------------------ payday

    /** Thrown at a hook, as a crash would stop the run there: nothing after it happens. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String where) {
            super("simulated crash at " + where);
        }
    }

    /** A named point of the payday (see {@link PaydayHooks}) and which time it is reached. */
    record CrashPoint(Phase phase, String point, int occurrence) {
        @Override
        public String toString() {
            return phase + " \"" + point + "\"" + (occurrence == 1 ? "" : " #" + occurrence);
        }
    }

    enum Mode {
        /** Runs to the end. */
        RUN,
        /** Crashes at a point and is launched again at once; must end as an uninterrupted run. */
        CRASH_AND_RESUME,
        /** Is cancelled after some batches and launched again at once; must end as an uninterrupted run. */
        CANCEL_AND_RESUME,
        /** Crashes at a point and stays open while the next steps happen. */
        CRASH_AND_LEAVE_OPEN,
        /** Runs to the end; at a point of the run, staff do something (the processor is busy meanwhile). */
        WITH_STEP_DURING
    }

    /** Launches the payday (resuming the open one, if any) as the operator. */
    record Payday(Mode mode, boolean force, CrashPoint crash, int cancelAfterBatches, Op during) implements Op {

        Payday(Mode mode, boolean force, CrashPoint crash, int cancelAfterBatches) {
            this(mode, force, crash, cancelAfterBatches, null);
        }

        private static final int BATCH = 2;

        @Override
        public String toString() {
            String launch = "payday" + (force ? " --force" : "");
            return switch (mode) {
                case RUN -> launch;
                case CRASH_AND_RESUME -> launch + ", crashed at " + crash + " and resumed";
                case CANCEL_AND_RESUME -> launch + ", cancelled after " + (cancelAfterBatches + 1) + " batch(es) and resumed";
                case CRASH_AND_LEAVE_OPEN -> launch + ", crashed at " + crash + " and left open";
                case WITH_STEP_DURING -> launch + ", and at " + crash + " while it runs: " + during;
            };
        }

        private PaydayStats launch(Run run, PaydayHooks hooks, BooleanSupplier cancelled) {
            PaydayRunner.Options options = new PaydayRunner.Options(run.world.otto, "random-host", force, BATCH, 2);
            return run.world.paydesk.payday().run(options, PaydayListener.NONE, cancelled, hooks);
        }

        /** Launches with the crash or the cancellation; whether it stopped the run. */
        private boolean interrupted(Run run) {
            if (mode == Mode.CANCEL_AND_RESUME) {
                int[] asked = {0};
                try {
                    launch(run, PaydayHooks.NONE, () -> asked[0]++ >= cancelAfterBatches);
                    return false;
                } catch (PaydayCancelledException e) {
                    return true;
                }
            }
            int[] seen = {0};
            try {
                launch(run, (phase, point) -> {
                    if (phase == crash.phase() && point.equals(crash.point()) && ++seen[0] == crash.occurrence()) {
                        throw new SimulatedCrash(crash.toString());
                    }
                }, () -> false);
                return false;
            } catch (SimulatedCrash e) {
                return true;
            }
        }

        private String openPhase(Run run) {
            List<String> open = run.world.strings("select phase from payday where ts_end is null");
            return open.isEmpty() ? null : open.get(0);
        }

        @Override
        public void apply(Run run) {
            Model m = run.model;
            World w = run.world;
            boolean starting = !m.paydayOpen;
            if (starting && !force && m.paydayThisWeek) {
                run.expect(Result.REFUSED, run.attempt(() -> launch(run, PaydayHooks.NONE, () -> false)));
                run.count("refused: too soon");
                return;
            }
            String phaseBefore = starting ? "START" : openPhase(run);
            boolean refundsAhead = "START".equals(phaseBefore) || "REFUNDS".equals(phaseBefore);
            if (starting) {
                m.paydayStartedAt = m.clock;
            }
            switch (mode) {
                case RUN -> {
                    // DESIGN §11: where every charge and payout succeeds, the preview's figures are the run's
                    // (refunds waiting to be executed change balances the preview does not simulate).
                    PaydayPreview.Figures preview = starting && m.refunds.stream()
                            .noneMatch(r -> r.status == RefundService.Status.APPROVED)
                            ? w.paydesk.paydayPreview().compute() : null;
                    PaydayStats stats = launch(run, PaydayHooks.NONE, () -> false);
                    run.note("done");
                    if (preview != null && (preview.refusal() != null) != m.paydayThisWeek) {
                        run.fail("the preview's refusal (" + preview.refusal() + ") disagrees with the model, for which a"
                                + " payday " + (m.paydayThisWeek ? "did" : "did not") + " start this week");
                    }
                    if (preview != null && stats.cardsFailing() == 0 && stats.payoutsFailing() == 0 && stats.errors() == 0) {
                        comparePreview(run, preview, stats);
                        run.count("preview equal to the run");
                    }
                }
                case CRASH_AND_RESUME, CANCEL_AND_RESUME -> {
                    World.Snapshot before = w.save("snapshot_payday");
                    launch(run, PaydayHooks.NONE, () -> false);
                    TreeMap<String, List<String>> uninterrupted = w.outcome();
                    w.restore(before);
                    if (interrupted(run)) {
                        run.checkInvariants("while the payday was left open by " + this);
                        launch(run, PaydayHooks.NONE, () -> false);
                        run.note("stopped, resumed");
                        run.count("resumed equal to uninterrupted (" + (mode == Mode.CRASH_AND_RESUME ? "crash" : "cancel") + ")");
                    } else {
                        run.note("not stopped: the point was not reached");
                    }
                    TreeMap<String, List<String>> resumed = w.outcome();
                    if (!uninterrupted.equals(resumed)) {
                        run.fail("the resumed payday ended differently from an uninterrupted run:\n" + diff(uninterrupted, resumed));
                    }
                }
                case WITH_STEP_DURING -> {
                    int[] seen = {0};
                    launch(run, (phase, point) -> {
                        if (phase == crash.phase() && point.equals(crash.point()) && ++seen[0] == crash.occurrence()) {
                            m.paydayRunning = true;
                            try {
                                run.note("at " + crash + ": " + during);
                                during.apply(run);
                                run.checkInvariants("while the payday runs, at " + crash);
                            } finally {
                                m.paydayRunning = false;
                            }
                            run.count("a step during the run");
                        }
                    }, () -> false);
                    run.note("done");
                }
                case CRASH_AND_LEAVE_OPEN -> {
                    boolean stopped = interrupted(run);
                    run.note(stopped ? "stopped, left open" : "not stopped: the point was not reached");
                    if (stopped) {
                        run.count("left open after a crash");
                    }
                }
            }
            String phaseAfter = openPhase(run);
            if (refundsAhead && !"START".equals(phaseAfter) && !"REFUNDS".equals(phaseAfter)) {
                m.executeApprovedRefunds(m.paydayStartedAt);
            }
            run.resyncBalances();
            m.paydays.clear();
            w.strings("select id from payday order by id").forEach(id -> m.paydays.add(Long.parseLong(id)));
            m.paydayOpen = phaseAfter != null;
            if (w.number("select count(*) from owed_item where status = 'EXPIRED' and closed_payday_id = ?",
                    m.paydays.get(m.paydays.size() - 1)) > 0) {
                run.count("owed amounts expired");
            }
            if (starting) {
                m.paydayThisWeek = true;
                // Who took part is judged by the review states at the cut-off; a step during the run may change none
                // of those (it is never a review change), so the model's states are still the cut-off's.
                if (phaseAfter == null) {
                    checkWhoTookPart(run, m.paydays.get(m.paydays.size() - 1));
                    run.count("completed");
                }
            } else if (phaseAfter == null) {
                run.count("resumed after other steps and completed");
            }
        }

        /**
         * DESIGN §3, §6: a payday that ran start to end in this step moved tips only between claimed participants
         * who were not SUSPICIOUS, charged only WHITELISTED participants with a card, paid out only WHITELISTED
         * participants with a bank route, and never below the minimum charge or payout.
         */
        private static void checkWhoTookPart(Run run, long payday) {
            Map<String, Model.Person> people = run.model.people;
            for (String row : run.world.strings("select er.username, ee.username from transfer t join participant er"
                    + " on er.id = t.tipper_id join participant ee on ee.id = t.tippee_id where t.payday_id = ?", payday)) {
                for (String name : row.split(" \\| ")) {
                    Model.Person p = people.get(name);
                    if (!p.claimed || p.review == Review.SUSPICIOUS) {
                        run.fail("payday " + payday + " transferred " + row + " although " + name + " is "
                                + (p.claimed ? "SUSPICIOUS" : "unclaimed"));
                    }
                }
            }
            for (String row : run.world.strings("select x.kind, p.username, x.amount + case when x.kind = 'PAYOUT'"
                    + " then x.fee else 0 end from exchange x join participant p on p.id = x.participant_id"
                    + " where x.payday_id = ? and x.refund_id is null", payday)) {
                String[] f = row.split(" \\| ");
                Model.Person p = people.get(f[1]);
                boolean charge = f[0].equals("CHARGE");
                if (!p.claimed || p.review != Review.WHITELISTED || (charge ? p.card : p.bank) == null) {
                    run.fail("payday " + payday + " made a " + f[0] + " for " + f[1] + " (" + p.review
                            + (p.claimed ? "" : ", unclaimed") + ", card " + p.card + ", bank " + p.bank + ")");
                }
                if (new BigDecimal(f[2]).compareTo(new BigDecimal("10.00")) < 0) {
                    run.fail("payday " + payday + " made a " + f[0] + " of " + f[2] + " for " + f[1]
                            + ", below the minimum of 10.00");
                }
            }
        }

        private static void comparePreview(Run run, PaydayPreview.Figures p, PaydayStats s) {
            String previewed = List.of(p.participants(), p.tippers(), p.tips(), p.transfers(), money(p.transferVolume()),
                    p.charges(), money(p.chargeVolume()), money(p.chargeFees()), p.cardsMissing(), p.payouts(),
                    money(p.payoutVolume()), money(p.payoutFees()), p.owedCreated(), p.owedExpired()).toString();
            String ran = List.of(s.participants(), s.tippers(), s.tips(), s.transfers(), money(s.transferVolume()),
                    s.charges(), money(s.chargeVolume()), money(s.chargeFees()), s.cardsMissing(), s.payouts(),
                    money(s.payoutVolume()), money(s.payoutFees()), s.owedCreated(), s.owedExpired()).toString();
            if (!previewed.equals(ran)) {
                run.fail("every charge and payout succeeded, yet the preview differs from the run; [participants, tippers,"
                        + " tips, transfers, transfer volume, charges, charge volume, charge fees, cards missing, payouts,"
                        + " payout volume, payout fees, owed created, owed expired]:\n  preview " + previewed
                        + "\n  run     " + ran);
            }
        }

        private static String diff(TreeMap<String, List<String>> expected, TreeMap<String, List<String>> actual) {
            StringBuilder text = new StringBuilder();
            for (String key : expected.keySet()) {
                List<String> a = expected.get(key);
                List<String> b = actual.getOrDefault(key, List.of());
                if (!a.equals(b)) {
                    List<String> missing = new ArrayList<>(a);
                    missing.removeAll(b);
                    List<String> extra = new ArrayList<>(b);
                    extra.removeAll(a);
                    text.append("  ").append(key).append(": uninterrupted only ").append(missing)
                            .append("; resumed only ").append(extra).append('\n');
                }
            }
            return text.length() == 0 ? "(no difference found by key)" : text.toString();
        }
    }
}
