package org.paydesk.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Points the log file at the data folder's {@code logs} folder (see logback.xml) before anything logs. */
final class Logging {

    static final String LOG_DIR_PROPERTY = "paydesk.log.dir";

    private Logging() {
    }

    static void configure(Path logDir) {
        String wanted = logDir.toAbsolutePath().toString();
        if (wanted.equals(System.getProperty(LOG_DIR_PROPERTY))) {
            return;
        }
        System.setProperty(LOG_DIR_PROPERTY, wanted);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("paydesk: logging is not configured: " + e.getMessage());
            }
        }
    }
}
