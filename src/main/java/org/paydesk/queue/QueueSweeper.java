package org.paydesk.queue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.staff.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the payment queue every so often, so an item queued while the processor was busy (a
 * payday running) is applied once it is free. A busy processor is not an error: the next sweep
 * tries again.
 */
public final class QueueSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueSweeper.class);

    private final PaymentQueue queue;
    private final Caller caller;
    private final ScheduledExecutorService timer;

    public QueueSweeper(PaymentQueue queue, Caller caller) {
        this.queue = queue;
        this.caller = caller;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queue-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    public QueueSweeper start(Duration every) {
        timer.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void sweep() {
        try {
            if (queue.hasWork()) {
                PaymentQueue.ProcessResult result = queue.processQueued(caller);
                log.info("Queue sweep: {} done, {} failed", result.done(), result.failed());
            }
        } catch (ProcessorBusyException busy) {
            log.debug("Queue sweep skipped: {}", busy.getMessage());
        } catch (RuntimeException e) {
            log.warn("Queue sweep failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
