package org.paydesk.payday;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.paydesk.db.Transactions;

/**
 * Turns "this many more done" into progress events with rate and ETA for the listener, and keeps
 * the payday row's {@code progress} up to date (at most once a second, and at each phase's start)
 * so that a console on any workstation can show a run it did not launch.
 */
final class ProgressReporter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PERSIST_EVERY_NANOS = 1_000_000_000L;

    private final long paydayId;
    private final PaydayListener listener;
    private final PaydayCounters counters;
    private final Transactions tx;
    private Phase phase = Phase.START;
    private long total;
    private long done;
    private long doneAtStart;
    private long startedNanos;
    private long persistedNanos;

    ProgressReporter(long paydayId, PaydayListener listener, PaydayCounters counters, Transactions tx) {
        this.paydayId = paydayId;
        this.listener = listener;
        this.counters = counters;
        this.tx = tx;
    }

    void start(Phase phase, long total, long alreadyDone) {
        this.phase = phase;
        this.total = total;
        this.done = alreadyDone;
        this.doneAtStart = alreadyDone;
        this.startedNanos = System.nanoTime();
        PaydayProgress progress = measure();
        persist(progress);
        listener.phaseStarted(paydayId, phase, total);
        listener.progress(progress);
    }

    /** Persisted before the listener hears of it: what a listener is told, other workstations can read. */
    void moreDone(long more) {
        done += more;
        PaydayProgress progress = measure();
        if (System.nanoTime() - persistedNanos >= PERSIST_EVERY_NANOS || done >= total) {
            persist(progress);
        }
        listener.progress(progress);
    }

    private PaydayProgress measure() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        double rate = seconds > 0 ? (done - doneAtStart) / seconds : 0;
        Duration eta = rate > 0 ? Duration.ofMillis((long) ((total - done) / rate * 1000)) : null;
        return new PaydayProgress(paydayId, phase, done, total, rate, eta, counters.snapshot());
    }

    private void persist(PaydayProgress progress) {
        persistedNanos = System.nanoTime();
        String json = toJson(progress).toString();
        tx.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update payday set progress = ?::jsonb"
                    + " || jsonb_build_object('at', clock_timestamp()) where id = ?")) {
                s.setString(1, json);
                s.setLong(2, paydayId);
                s.executeUpdate();
            }
            return null;
        });
    }

    static ObjectNode toJson(PaydayProgress progress) {
        ObjectNode node = JSON.createObjectNode();
        node.put("phase", progress.phase().name());
        node.put("done", progress.done());
        node.put("total", progress.total());
        node.put("rate", Math.round(progress.ratePerSecond() * 10) / 10.0);
        if (progress.eta() != null) {
            node.put("eta_seconds", progress.eta().toSeconds());
        }
        node.set("counters", JSON.valueToTree(progress.counters()));
        return node;
    }
}
