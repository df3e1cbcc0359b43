package org.paydesk.ui.payday.console;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayStats;

/**
 * Starts the payday (or resumes the open one) in the background. The GUI's implementation is
 * {@link PaydayService}, a JavaFX {@code Service}; tests run it on a thread of their own. The
 * listener is called on the run's thread; {@code finished} and {@code failed} on the UI thread.
 */
@FunctionalInterface
public interface PaydayLauncher {

    void launch(boolean force, PaydayListener listener, BooleanSupplier cancelled, Consumer<PaydayStats> finished,
                Consumer<Throwable> failed);
}
