package org.paydesk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.testing.Platform;

class QueueSweeperTest {

    @Test
    void anItemQueuedWhileTheProcessorWasBusyIsAppliedByALaterSweep() throws Exception {
        try (Platform p = new Platform("{\"participants\": [{\"username\": \"bob\"}]}")) {
            ProcessorLock.Held payday = p.paydesk.processor().acquire(1, "Olga", "desk-2", "Payday");
            p.paydesk.queue().add(p.clerk, PaymentKind.CREDIT, "bob", new BigDecimal("2.00"), "queued during payday", null);
            try (QueueSweeper sweeper = new QueueSweeper(p.paydesk.queue(), p.clerk).start(Duration.ofMillis(100))) {
                Thread.sleep(400);
                assertThat(p.balance("bob")).as("not while the payday holds the processor").isEqualByComparingTo("0.00");
                payday.close();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (p.balance("bob").signum() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(p.balance("bob")).isEqualByComparingTo("2.00");
            }
        }
    }
}
