package org.paydesk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.testing.Platform;
import org.slf4j.LoggerFactory;

class QueueSweeperTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void anItemQueuedWhileTheProcessorWasBusyIsAppliedByALaterSweep() throws Exception {
        try (Platform p = new Platform("{\"participants\": [{\"username\": \"bob\"}]}")) {
            // The sweeper says at DEBUG each time it finds the processor busy; counting those lets the
            // test wait for sweeps to have happened instead of sleeping and hoping they did.
            AtomicInteger refused = new AtomicInteger();
            AppenderBase<ILoggingEvent> sweeps = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    if (event.getFormattedMessage().startsWith("Queue sweep skipped")) {
                        refused.incrementAndGet();
                    }
                }
            };
            sweeps.start();
            Logger sweeperLog = (Logger) LoggerFactory.getLogger(QueueSweeper.class);
            Level level = sweeperLog.getLevel();
            sweeperLog.setLevel(Level.DEBUG);
            sweeperLog.addAppender(sweeps);
            PaymentQueue queue = p.paydesk.queue();
            ProcessorLock.Held payday = p.paydesk.processor().acquire(1, "Olga", "desk-2", "Payday");
            long id = queue.add(p.clerk, PaymentKind.CREDIT, "bob", new BigDecimal("2.00"), "queued during payday", null);
            try (QueueSweeper sweeper = new QueueSweeper(queue, p.clerk).start(Duration.ofMillis(50))) {
                try {
                    // Two attempts: the first was refused (the payday holds the processor) and the
                    // sweeper carried on after it. (Or the item moved, which the assertions below refuse.)
                    waitFor(() -> refused.get() >= 2 || queue.get(id).status() != QueuedPayment.Status.QUEUED,
                            "two sweeps while the payday holds the processor");
                    assertThat(p.balance("bob")).as("not while the payday holds the processor").isEqualByComparingTo("0.00");
                    assertThat(queue.get(id)).satisfies(item -> {
                        assertThat(item.status()).as("still waiting, not failed").isEqualTo(QueuedPayment.Status.QUEUED);
                        assertThat(item.attempts()).isZero();
                    });
                } finally {
                    payday.close();
                }
                waitFor(() -> queue.get(id).status() != QueuedPayment.Status.QUEUED, "a sweep after the payday");
            } finally {
                sweeperLog.detachAppender(sweeps);
                sweeperLog.setLevel(level);
            }
            assertThat(queue.get(id).status()).isEqualTo(QueuedPayment.Status.DONE);
            assertThat(p.balance("bob")).isEqualByComparingTo("2.00");
            assertThat(p.count("select count(*) from journal_entry where kind = 'CREDIT'")).as("applied once").isEqualTo(1);
        }
    }

    /** Polls {@code condition} until it holds, failing the test if it has not within {@link #PATIENCE}. */
    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited %s for %s", PATIENCE, what).isNegative();
            Thread.sleep(20);
        }
    }
}
