package org.paydesk.testing;

import java.nio.file.Path;
import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;

/** A child process for tests: opens the embedded database in a data folder, says so, and waits to be killed. */
public final class HoldDatabase {

    private HoldDatabase() {
    }

    public static void main(String[] args) throws InterruptedException {
        Database database = Database.open(DatabaseConfig.embedded(Path.of(args[0])));
        System.out.println("ready " + database.description());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
