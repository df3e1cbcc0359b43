package org.paydesk.payday;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Work of a run done on a second thread, waited for on the run's own. */
final class Steps {

    private Steps() {
    }

    /** The value of {@code step}, its failure thrown as this thread's own; {@code what} names it if interrupted. */
    static <T> T await(Future<T> step, String what) {
        try {
            return step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
