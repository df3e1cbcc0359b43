package org.paydesk.payday;

import java.time.Duration;

/** Turns "this many more done" into progress events with rate and ETA for the listener. */
final class ProgressReporter {

    private final long paydayId;
    private final PaydayListener listener;
    private final PaydayCounters counters;
    private Phase phase = Phase.START;
    private long total;
    private long done;
    private long doneAtStart;
    private long startedNanos;

    ProgressReporter(long paydayId, PaydayListener listener, PaydayCounters counters) {
        this.paydayId = paydayId;
        this.listener = listener;
        this.counters = counters;
    }

    void start(Phase phase, long total, long alreadyDone) {
        this.phase = phase;
        this.total = total;
        this.done = alreadyDone;
        this.doneAtStart = alreadyDone;
        this.startedNanos = System.nanoTime();
        listener.phaseStarted(paydayId, phase, total);
        report();
    }

    void advance(long more) {
        done += more;
        report();
    }

    private void report() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        double rate = seconds > 0 ? (done - doneAtStart) / seconds : 0;
        Duration eta = rate > 0 ? Duration.ofMillis((long) ((total - done) / rate * 1000)) : null;
        listener.progress(new PaydayProgress(paydayId, phase, done, total, rate, eta, counters.snapshot()));
    }
}
