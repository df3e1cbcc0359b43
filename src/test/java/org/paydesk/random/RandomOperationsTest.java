package org.paydesk.random;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;
import org.paydesk.participants.Review;
import org.paydesk.payday.Phase;
import org.paydesk.queue.PaymentKind;
import org.slf4j.LoggerFactory;

/**
 * Random sequences of the platform's operations (issue 13 §5) against the services on a real
 * PostgreSQL database: imports and tip changes, the payment queue (payments in, credits, debits,
 * chargebacks; processing, retries, cancels), refund requests and decisions, review changes,
 * paydays that run, crash and resume, are cancelled and resume, crash and stay open while work goes
 * on, or have a step done at one of their hooks while they run, and weeks that pass so owed
 * amounts expire and the days-between-paydays rule relaxes.
 *
 * <p>What is checked, after every step in the deep tier and at the end of every sequence in the bulk
 * tier ({@link Run#verify}, one repeatable-read transaction): {@code paydesk check}'s invariants all
 * hold, and the database agrees with the {@link Model}: every balance and review state, every queued
 * item's and refund's status, no negative balance, no refund decided by its requester, the open
 * payday, and participants hold exactly the model's adjustments plus the gateway's net. In both tiers,
 * at every step: the operation was accepted or refused as predicted (four eyes, roles, probable
 * duplicates, case-insensitive references, a debit above the balance, a payday too soon); the
 * invariants hold while a crashed payday is open and while one runs with a step done at a hook; a
 * payday stopped by a crash or a cancellation and launched again ends exactly as the same payday run
 * without interruption; where every charge and payout succeeded, the preview equals the run.
 *
 * <p>Two tiers. Deep: {@value #TRIES} sequences of up to 24 steps, checked after every step (about 10 s).
 * Bulk: {@value #SEQUENCES} sequences of 1 to 6 steps, checked at their end, {@value #BATCH} per try
 * shared out among two databases with a thread each (270–290 s on this 2-core machine shared with
 * other builds; 34 ms of CPU a sequence, 9 in the JVM and 25 in PostgreSQL). The seed is random, as a
 * property's should be, and a failing sample is retried first on the next run (jqwik's database); a
 * failing try of the bulk tier shrinks to the one sequence that failed. Run more with
 * {@code -Dpaydesk.random.sequences=N} (bulk) or {@code -Dpaydesk.random.tries=N} (deep; longer with
 * {@code -Dpaydesk.random.steps=40}), e.g.
 * {@code ./mvnw -B -o test -Dtest=RandomOperationsTest -Dpaydesk.random.sequences=50000}.
 */
class RandomOperationsTest {

    static final int TRIES = 50;
    private static final int STEPS = Integer.getInteger("paydesk.random.steps", 24);
    /** Sequences of the bulk tier per run. */
    static final int SEQUENCES = 10_000;
    /** Sequences per try of the bulk tier. */
    static final int BATCH = 10;
    /** Databases the bulk tier runs on at once, a thread each: one per core, two at most. */
    static final int WORLDS = Integer.getInteger("paydesk.random.worlds",
            Math.min(2, Runtime.getRuntime().availableProcessors()));
    /** The bulk tier's sequences: the first import and 1 to 6 steps, a payday in about one in seven. */
    private static final int SHORT_STEPS = 6;
    /** The weight of a payday among the bulk tier's steps (15 in the deep tier; 85 for all the others). */
    private static final int SHORT_PAYDAYS = 4;
    static final String[] NAMES = {"ann", "bob", "cat", "dan", "eve", "fay"};

    private static final World[] worlds = new World[Math.max(WORLDS, 1)];
    private static final Object[] LOCKS = Stream.generate(Object::new).limit(worlds.length).toArray();
    private static ExecutorService others;
    private static final Logger QUIET = (Logger) LoggerFactory.getLogger("org.paydesk");

    /** The i-th database, made on first use (by the thread that will use it, so they start in parallel). */
    private static World world(int i) {
        synchronized (LOCKS[i]) {
            if (worlds[i] == null) {
                worlds[i] = new World();
            }
            return worlds[i];
        }
    }

    @AfterContainer
    static synchronized void closeWorlds() {
        QUIET.setLevel(null);
        if (others != null) {
            others.shutdownNow();
            others = null;
        }
        for (int i = 0; i < worlds.length; i++) {
            synchronized (LOCKS[i]) {
                if (worlds[i] != null) {
                    worlds[i].close();
                    worlds[i] = null;
                }
            }
        }
    }

    /**
     * The services' INFO lines (an import, a payday started and checked) are left out while this class
     * runs: about four a sequence, 40,000 a run. Warnings and errors still show.
     */
    @BeforeContainer
    static void quiet() {
        QUIET.setLevel(Level.WARN);
    }

    /** The bulk tier's threads, one per database; the databases are made on first use, at once. */
    private static synchronized ExecutorService pool() {
        if (others == null) {
            AtomicInteger n = new AtomicInteger();
            others = Executors.newFixedThreadPool(WORLDS, r -> {
                Thread t = new Thread(r, "random-world-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            List<Future<World>> made = new ArrayList<>();
            for (int i = 0; i < WORLDS; i++) {
                int world = i;
                made.add(others.submit(() -> world(world)));
            }
            for (Future<World> f : made) {
                try {
                    f.get();
                } catch (ExecutionException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return others;
    }

    /** One random sequence: the first import, then the operations. */
    record Sequence(Ops.Import setup, List<Op> operations) {
    }

    /** Deep tier: long sequences, everything checked after every step. */
    @Property(tries = TRIES)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void everyStepKeepsTheInvariantsAndAgreesWithTheModel(@ForAll("setups") Ops.Import setup,
                                                          @ForAll("operations") List<Op> operations) {
        List<String> counted = new ArrayList<>();
        try {
            run(world(0), new Sequence(setup, operations), true, counted);
        } finally {
            collect(counted);
        }
    }

    /**
     * Bulk tier: {@value #SEQUENCES} short sequences per run, {@value #BATCH} per try shared out among
     * {@link #WORLDS} databases (one thread each), everything checked at the end of each sequence (and the
     * reply to each step on the way).
     */
    @Property(tries = SEQUENCES / BATCH, edgeCases = EdgeCasesMode.NONE, generation = GenerationMode.RANDOMIZED)
    @AddLifecycleHook(SequencesFromSystemProperty.class)
    void everySequenceEndsWithTheInvariantsAndTheModel(@ForAll("sequences") List<Sequence> sequences)
            throws InterruptedException {
        ExecutorService pool = pool();
        AtomicInteger next = new AtomicInteger();
        List<List<String>> counted = new ArrayList<>();
        Throwable[] failed = new Throwable[sequences.size()];
        sequences.forEach(x -> counted.add(new ArrayList<>()));
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < WORLDS; i++) {
            int world = i;
            running.add(pool.submit(() -> {
                for (int k = next.getAndIncrement(); k < sequences.size(); k = next.getAndIncrement()) {
                    try {
                        run(world(world), sequences.get(k), false, counted.get(k));
                    } catch (RuntimeException | Error e) {
                        failed[k] = e instanceof AssertionError ? new AssertionError("sequence " + (k + 1) + " of "
                                + sequences.size() + " in this try: " + e.getMessage(), e) : e;
                        next.set(sequences.size()); // the others stop after their current sequence
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        counted.forEach(RandomOperationsTest::collect);
        for (Throwable t : failed) {
            if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw (RuntimeException) t;
            }
        }
    }

    /** Runs one sequence on {@code w}; {@code counted} gets what it did, for the property's statistics. */
    private static void run(World w, Sequence sequence, boolean everyStep, List<String> counted) {
        w.restore(w.empty);
        Run run = new Run(w, what -> counted.add("payday checks\t" + what), everyStep);
        run.apply(sequence.setup());
        for (Op op : sequence.operations()) {
            counted.add("operations\t" + (op instanceof Ops.Payday p ? "Payday " + p.mode() : op.getClass().getSimpleName()));
            run.apply(op);
        }
        run.finish();
        counted.add("sequences\t" + (sequence.operations().stream().anyMatch(op -> op instanceof Ops.Payday)
                ? "with a payday" : "without a payday"));
    }

    /** Statistics are the property thread's to collect. */
    private static void collect(List<String> counted) {
        for (String c : counted) {
            String[] f = c.split("\t");
            Statistics.label(f[0]).collect(f[1]);
        }
    }

    /** {@code -Dpaydesk.random.tries=N} runs N tries of the deep tier instead of {@value #TRIES}. */
    static class TriesFromSystemProperty implements AroundPropertyHook {
        /** The tries for {@code n} given in the system property. */
        int tries(int n) {
            return n;
        }

        String key() {
            return "paydesk.random.tries";
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            Integer n = Integer.getInteger(key());
            if (n != null) {
                context.attributes().setTries(tries(n));
            }
            return property.execute();
        }

        @Override
        public int aroundPropertyProximity() {
            return -100; // outside jqwik's own hooks, so the property starts with the tries set here
        }
    }

    /**
     * {@code -Dpaydesk.random.sequences=N} runs N sequences of the bulk tier instead of {@value #SEQUENCES}
     * (rounded up to a multiple of {@value #BATCH}).
     */
    static final class SequencesFromSystemProperty extends TriesFromSystemProperty {
        @Override
        String key() {
            return "paydesk.random.sequences";
        }

        @Override
        int tries(int n) {
            return (n + BATCH - 1) / BATCH;
        }
    }

    // ------------------------------------------------------------------ generators

    private static Arbitrary<BigDecimal> cents(String min, String max) {
        return Arbitraries.bigDecimals().between(new BigDecimal(min), new BigDecimal(max)).ofScale(2);
    }

    private static Arbitrary<Ops.NewPerson> person(Arbitrary<String> name) {
        Arbitrary<Boolean> claimed = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false));
        Arbitrary<Review> review = Arbitraries.frequency(Tuple.of(6, Review.WHITELISTED), Tuple.of(3, Review.UNREVIEWED),
                Tuple.of(1, Review.SUSPICIOUS));
        Arbitrary<BigDecimal> balance = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(new BigDecimal("0.00"))),
                Tuple.of(6, cents("0.01", "50.00")));
        Arbitrary<String> card = Arbitraries.of("card_ok", "card_declined", "card_error").injectNull(0.3);
        Arbitrary<String> bank = Arbitraries.of("bank_ok", "bank_rejected").injectNull(0.4);
        return Combinators.combine(name, claimed, review, balance, card, bank).as(Ops.NewPerson::new);
    }

    private static Arbitrary<Ops.NewTip> tip(Arbitrary<String> name) {
        Arbitrary<BigDecimal> amount = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(new BigDecimal("0.00"))),
                Tuple.of(9, cents("0.01", "15.00")));
        return Combinators.combine(name, name, amount).as(Ops.NewTip::new)
                .filter(t -> !t.tipper().equals(t.tippee()));
    }

    /** The first import: two to five participants and some tips among them. */
    @Provide
    Arbitrary<Ops.Import> setups() {
        return Arbitraries.integers().between(2, 5).flatMap(k -> {
            String[] names = Arrays.copyOf(NAMES, k);
            List<Arbitrary<Ops.NewPerson>> people = Arrays.stream(names).map(n -> person(Arbitraries.just(n))).toList();
            return Combinators.combine(Combinators.combine(people).as(l -> l), tip(Arbitraries.of(names)).list().ofMaxSize(6))
                    .as(Ops.Import::new);
        });
    }

    private static Arbitrary<String> clerkSide() {
        return Arbitraries.frequency(Tuple.of(45, "cleo"), Tuple.of(45, "april"), Tuple.of(5, "arno"), Tuple.of(5, "otto"));
    }

    private static Arbitrary<String> approverSide() {
        return Arbitraries.frequency(Tuple.of(45, "arno"), Tuple.of(45, "april"), Tuple.of(10, "cleo"));
    }

    private static final List<Ops.CrashPoint> CRASH_POINTS = List.of(
            new Ops.CrashPoint(Phase.START, "begin", 1),
            new Ops.CrashPoint(Phase.REFUNDS, "begin", 1),
            new Ops.CrashPoint(Phase.PAYIN, "begin", 1),
            new Ops.CrashPoint(Phase.PAYIN, "intents committed", 1),
            new Ops.CrashPoint(Phase.PAYIN, "gateway called", 1),
            new Ops.CrashPoint(Phase.PAYIN, "gateway called", 2),
            new Ops.CrashPoint(Phase.PAYIN, "charges recorded", 1),
            new Ops.CrashPoint(Phase.PAYIN, "batch written", 1),
            new Ops.CrashPoint(Phase.PAYIN, "batch written", 2),
            new Ops.CrashPoint(Phase.SETTLE, "begin", 1),
            new Ops.CrashPoint(Phase.SETTLE, "settled", 1),
            new Ops.CrashPoint(Phase.PAYOUT, "begin", 1),
            new Ops.CrashPoint(Phase.PAYOUT, "intents committed", 1),
            new Ops.CrashPoint(Phase.PAYOUT, "gateway called", 1),
            new Ops.CrashPoint(Phase.CHECKS, "begin", 1),
            new Ops.CrashPoint(Phase.CHECKS, "checked", 1));

    private static Arbitrary<Op> payday(Arbitrary<Op> during) {
        Arbitrary<Boolean> force = Arbitraries.frequency(Tuple.of(6, true), Tuple.of(4, false));
        Arbitrary<Ops.CrashPoint> crash = Arbitraries.of(CRASH_POINTS);
        // Between the run's transactions (not inside "batch written" or "settled"), mostly where every run passes.
        Arbitrary<Ops.CrashPoint> between = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(CRASH_POINTS.stream().filter(p -> p.point().equals("begin")
                        || p.point().equals("checked")).toList())),
                Tuple.of(2, Arbitraries.of(CRASH_POINTS.stream().filter(p -> p.phase() == Phase.PAYIN
                        && p.occurrence() == 1 && !p.point().equals("batch written")).toList())));
        return Arbitraries.frequencyOf(
                Tuple.of(40, force.map(f -> new Ops.Payday(Ops.Mode.RUN, f, null, 0))),
                Tuple.of(25, Combinators.combine(force, crash).as((f, c) -> new Ops.Payday(Ops.Mode.CRASH_AND_RESUME, f, c, 0))),
                Tuple.of(15, Combinators.combine(force, Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(1, 2)))
                        .as((f, n) -> new Ops.Payday(Ops.Mode.CANCEL_AND_RESUME, f, null, n))),
                Tuple.of(15, Combinators.combine(force, between, during)
                        .as((f, c, op) -> new Ops.Payday(Ops.Mode.WITH_STEP_DURING, f, c, 0, op))),
                Tuple.of(20, Combinators.combine(force, crash).as((f, c) -> new Ops.Payday(Ops.Mode.CRASH_AND_LEAVE_OPEN, f, c, 0))));
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return operations(STEPS, 15);
    }

    /** The bulk tier's: {@value #BATCH} short sequences, each from its own first import. */
    @Provide
    Arbitrary<List<Sequence>> sequences() {
        return Combinators.combine(setups(), operations(SHORT_STEPS, SHORT_PAYDAYS))
                .as(Sequence::new).list().ofMinSize(1).ofMaxSize(BATCH)
                // Always BATCH when generated; fewer only while shrinking, which drops the sequences that pass.
                .withSizeDistribution((genSize, min, max, center) -> random -> max);
    }

    private static Arbitrary<List<Op>> operations(int steps, int paydays) {
        // Mostly the participants every setup has, so that most steps act on someone who exists.
        Arbitrary<String> name = Arbitraries.frequency(Tuple.of(30, "ann"), Tuple.of(30, "bob"), Tuple.of(20, "cat"),
                Tuple.of(10, "dan"), Tuple.of(6, "eve"), Tuple.of(4, "fay"));
        Arbitrary<Integer> k = Arbitraries.integers().between(0, 7);
        Arbitrary<BigDecimal> amount = Arbitraries.frequencyOf(Tuple.of(6, cents("0.01", "20.00")),
                Tuple.of(4, cents("20.01", "80.00")));
        Arbitrary<Op> imports = Combinators.combine(person(name).list().ofMaxSize(1), tip(name).list().ofMaxSize(3))
                .as(Ops.Import::new);
        Arbitrary<Op> queue = Combinators.combine(clerkSide(), Arbitraries.of(PaymentKind.class), name, amount,
                Arbitraries.of("cheque", "Cheque ", "wire", "goodwill"),
                Arbitraries.of("chq-1", "CHQ-1", "wire-7", " wire-7 ").injectNull(0.7),
                Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true))).as(Ops.Queue::new);
        Arbitrary<Op> process = clerkSide().map(Ops.Process::new);
        Arbitrary<Op> retry = Combinators.combine(clerkSide(), k).as(Ops.Retry::new);
        Arbitrary<Op> cancel = Combinators.combine(clerkSide(), k).as(Ops.Cancel::new);
        Arbitrary<Op> fullRefund = Combinators.combine(clerkSide(), name).as(Ops.RequestFullRefund::new);
        Arbitrary<Op> tipRefund = Combinators.combine(clerkSide(), name, name, Arbitraries.of(false, true))
                .filter((staff, tipper, tippee, all) -> !tipper.equals(tippee)).as(Ops.RequestTipRefund::new);
        Arbitrary<Op> decide = Combinators.combine(approverSide(), k, Arbitraries.frequency(Tuple.of(8, true),
                Tuple.of(2, false))).as(Ops.Decide::new);
        Arbitrary<Op> review = Combinators.combine(approverSide(), name, Arbitraries.frequency(
                Tuple.of(4, Review.WHITELISTED), Tuple.of(2, Review.UNREVIEWED), Tuple.of(4, Review.SUSPICIOUS)))
                .as(Ops.SetReview::new);
        Arbitrary<Op> week = Arbitraries.just(new Ops.WeekPasses());
        // What staff may do while a payday runs and the model can still predict (no debit: its refusal depends
        // on a balance the run is changing): queue money in or a chargeback, try to process, decide on a refund.
        Arbitrary<Op> during = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(clerkSide(), Arbitraries.of(PaymentKind.PAYMENT_IN, PaymentKind.CREDIT,
                        PaymentKind.CHARGEBACK), name, amount, Arbitraries.of("cheque", "wire"), Arbitraries.just((String) null),
                        Arbitraries.just(false)).as(Ops.Queue::new)),
                Tuple.of(2, process),
                Tuple.of(4, decide));
        return Arbitraries.<Op>frequencyOf(
                Tuple.of(6, imports),
                Tuple.of(24, queue),
                Tuple.of(12, process),
                Tuple.of(3, retry),
                Tuple.of(3, cancel),
                Tuple.of(5, fullRefund),
                Tuple.of(8, tipRefund),
                Tuple.of(12, decide),
                Tuple.of(6, review),
                Tuple.of(paydays, payday(during)),
                Tuple.of(6, week)).list().ofMinSize(1).ofMaxSize(steps)
                // Edge cases would be mostly one-step sequences of the arbitrary with the most of them (an import).
                .withoutEdgeCases();
    }
}
