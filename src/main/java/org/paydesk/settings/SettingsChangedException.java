package org.paydesk.settings;

import org.paydesk.db.ConcurrentEditException;

/** A save of settings that someone else changed since they were read; nothing was written. */
public final class SettingsChangedException extends ConcurrentEditException {

    public SettingsChangedException(String key) {
        super("Setting '" + key + "'");
    }
}
