package org.paydesk.demo;

import java.time.Duration;
import org.paydesk.db.Database;

/** Generates a realistic demo platform (DESIGN §10 {@code demo}). */
public final class DemoGenerator {

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

    public DemoResult generate(int participants, long seed, Progress progress) {
        throw new UnsupportedOperationException("demo generation is being written; database " + database.description());
    }
}
