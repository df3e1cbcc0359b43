package org.paydesk.payday;

import java.time.Duration;

/** Where a running payday is: phase, items done of total, rate per second, estimated time left. */
public record PaydayProgress(long paydayId, Phase phase, long done, long total, double ratePerSecond, Duration eta,
                             PaydayCounters.Snapshot counters) {

    public double fraction() {
        return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    }
}
