package org.paydesk.app;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Path;
import org.paydesk.db.OwnerOnly;

/**
 * The log file holds participant ids and payday errors: it is made 0600 in a 0700 folder before
 * logback opens it, at start and after every rollover.
 */
public final class OwnerOnlyFileAppender<E> extends RollingFileAppender<E> {

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName).toAbsolutePath();
        OwnerOnly.folder(file.getParent());
        OwnerOnly.file(file);
        super.openFile(fileName);
    }
}
