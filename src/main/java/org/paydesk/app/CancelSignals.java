package org.paydesk.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a long command, as a request to stop cleanly: the work sees
 * it through {@link #getAsBoolean()} and stops between batches, and the command exits with
 * {@link #exitCode()} (130 for SIGINT, 143 for SIGTERM) after releasing what it holds. A second
 * signal aborts at once; the shutdown hooks still close the database.
 */
final class CancelSignals implements BooleanSupplier, AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final PrintStream err;
    private final AtomicInteger received = new AtomicInteger();
    private final List<Restore> previous = new ArrayList<>();
    private volatile String first;

    private record Restore(Signal signal, SignalHandler handler) {
    }

    private CancelSignals(PrintStream err) {
        this.err = err;
    }

    /** Handles SIGINT and SIGTERM until closed. */
    static CancelSignals install(PrintStream err) {
        CancelSignals signals = new CancelSignals(err);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            signals.previous.add(new Restore(signal, Signal.handle(signal, signals::onSignal)));
        }
        return signals;
    }

    private void onSignal(Signal signal) {
        if (received.getAndIncrement() == 0) {
            first = signal.getName();
            err.println("paydesk: SIG" + first + " received: stopping after the current batch (send it again to abort"
                    + " at once)");
        } else {
            err.println("paydesk: SIG" + signal.getName() + " received again: aborting now; the next run resumes");
            System.exit(exitCode(signal.getName()));
        }
    }

    @Override
    public boolean getAsBoolean() {
        return received.get() > 0;
    }

    /** The conventional exit code for the first signal received: 128 + its number. */
    int exitCode() {
        return exitCode(first == null ? "INT" : first);
    }

    private static int exitCode(String name) {
        return "TERM".equals(name.toUpperCase(Locale.ROOT)) ? 143 : 130;
    }

    @Override
    public void close() {
        previous.forEach(r -> Signal.handle(r.signal(), r.handler()));
    }
}
