package org.paydesk.demo;

import java.time.Duration;
import java.util.Objects;
import org.paydesk.db.Database;

/** Generates a realistic demo platform (DESIGN §10 {@code demo}). */
public final class DemoGenerator {

    /** The most participants a demo platform has (its balances stay below Money.MAX_PLATFORM_TOTAL). */
    public static final int MAX_PARTICIPANTS = 50_000_000;

    /** What a generation wrote and how long it took. */
    public record DemoResult(int participants, long tips, Duration elapsed) {
    }

    /** Receives progress: a step name and how far it is. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (step, done, total) -> { };

        void update(String step, long done, long total);
    }

    private final Database database;

    public DemoGenerator(Database database) {
        this.database = database;
    }

    /**
     * Writes {@code participants} participants with their cards, banks, review states, opening
     * balances and tip history into an empty database, in one transaction: all or nothing. The
     * same seed always gives the same data. Progress goes through the steps "accounts",
     * "participants", "opening balances", "tips" (counted in participants whose tips are written)
     * and "indexes and statistics", every few thousand rows.
     *
     * @throws IllegalArgumentException when {@code participants} is below 1
     * @throws IllegalStateException when the database already has participants
     */
    public DemoResult generate(int participants, long seed, Progress progress) {
        return generate(participants, seed, DemoPlatform.USUAL_TIPS_PER_PARTICIPANT, progress);
    }

    /** As {@link #generate(int, long, Progress)}, with about {@code tipsPerParticipant} tip rows each (for benchmarks). */
    public DemoResult generate(int participants, long seed, double tipsPerParticipant, Progress progress) {
        Objects.requireNonNull(progress, "progress (use Progress.NONE)");
        long started = System.nanoTime();
        DemoPlatform platform = new DemoPlatform(participants, seed, tipsPerParticipant);
        long tips = database.inTransaction(c -> new DemoWriter(c, platform, progress,
                org.paydesk.db.BulkLoad.ForeignKeyChecks.IN_BULK_WHEN_ALLOWED).write());
        return new DemoResult(participants, tips, Duration.ofNanos(System.nanoTime() - started));
    }
}
