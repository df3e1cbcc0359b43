package org.paydesk.testing;

import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.processor.ProcessorLock;

/** A child process for tests: takes the processor on the database at args[0], says so, and waits to be killed. */
public final class HoldProcessor {

    private HoldProcessor() {
    }

    public static void main(String[] args) throws InterruptedException {
        Database database = Database.open(new DatabaseConfig(java.nio.file.Path.of(args[1]), args[0], "postgres", ""));
        new ProcessorLock(database).acquire(1, "Child Process", "child-host", "Payday");
        System.out.println("holding");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
