package org.paydesk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.testing.Platform;

class QueueSweeperTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void anItemQueuedWhileTheProcessorWasBusyIsAppliedByALaterSweep() throws Exception {
        try (Platform p = new Platform("{\"participants\": [{\"username\": \"bob\"}]}")) {
            // The sweeper's queue takes the processor through a data source that counts its attempts,
            // so the test can wait for sweeps to have happened instead of sleeping and hoping they did.
            AtomicInteger attempts = new AtomicInteger();
            PaymentQueue queue = new PaymentQueue(p.paydesk.database(),
                    new ProcessorLock(counting(p.paydesk.database().dataSource(), attempts)), PaymentQueue.AlsoWhileHeld.NOTHING);
            ProcessorLock.Held payday = p.paydesk.processor().acquire(1, "Olga", "desk-2", "Payday");
            long id = queue.add(p.clerk, PaymentKind.CREDIT, "bob", new BigDecimal("2.00"), "queued during payday", null);
            try (QueueSweeper sweeper = new QueueSweeper(queue, p.clerk).start(Duration.ofMillis(50))) {
                try {
                    // Two attempts: the first was refused (the payday holds the processor) and the
                    // sweeper carried on after it. (Or the item moved, which the assertions below refuse.)
                    waitFor(() -> attempts.get() >= 2 || queue.get(id).status() != QueuedPayment.Status.QUEUED,
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

    /** {@code target}, counting each connection asked of it in {@code count}. */
    private static DataSource counting(DataSource target, AtomicInteger count) {
        return (DataSource) Proxy.newProxyInstance(QueueSweeperTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
