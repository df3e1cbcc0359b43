package org.paydesk.ui;

import org.paydesk.db.DatabaseConfig;

/** Starts the desktop client. */
public final class DesktopApp {

    private DesktopApp() {
    }

    public static void start(DatabaseConfig config) {
        throw new UnsupportedOperationException("the desktop client is being written; database " + config.describe());
    }
}
