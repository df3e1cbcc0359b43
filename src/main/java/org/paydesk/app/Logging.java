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

    /**
     * True when logging was first configured just now, with the property already set: configuring it
     * again would only cost start-up time.
     */
    private static boolean alreadyWritesTo(LoggerContext context, String folder) {
        var appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FILE");
        if (appender instanceof ch.qos.logback.core.FileAppender<?> file && file.getFile() != null) {
            Path parent = Path.of(file.getFile()).toAbsolutePath().getParent();
            return parent != null && parent.toString().equals(folder);
        }
        return false;
    }

    static void configure(Path logDir) {
        String wanted = logDir.toAbsolutePath().toString();
        if (wanted.equals(System.getProperty(LOG_DIR_PROPERTY))) {
            return;
        }
        System.setProperty(LOG_DIR_PROPERTY, wanted);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && !alreadyWritesTo(context, wanted)) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("paydesk: logging is not configured: " + e.getMessage());
            }
        }
    }
}
