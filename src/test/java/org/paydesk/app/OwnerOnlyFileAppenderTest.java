package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log file (participant ids, payday errors) is readable by its owner only, after a rollover too. */
class OwnerOnlyFileAppenderTest {

    @TempDir
    Path temp;

    @Test
    void theLogFileIs0600InA0700Folder() throws Exception {
        Path logs = temp.resolve("data").resolve("logs");
        Path file = logs.resolve("paydesk.log");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        OwnerOnlyFileAppender<ILoggingEvent> appender = new OwnerOnlyFileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(logs.resolve("paydesk.%i.log").toString());
        rolling.start();
        appender.setRollingPolicy(rolling);
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.start();
        appender.setTriggeringPolicy(trigger);
        appender.start();
        try {
            appender.doAppend(event(context, "participant 42 failed"));
            assertThat(mode(logs)).isEqualTo("rwx------");
            assertThat(mode(file)).isEqualTo("rw-------");

            appender.rollover();
            appender.doAppend(event(context, "after rollover"));

            assertThat(mode(file)).as("the new file after a rollover").isEqualTo("rw-------");
        } finally {
            appender.stop();
        }
        assertThat(Files.readString(logs.resolve("paydesk.1.log"))).contains("participant 42 failed");
        assertThat(Files.readString(file)).contains("after rollover");
    }

    private static LoggingEvent event(LoggerContext context, String message) {
        return new LoggingEvent(OwnerOnlyFileAppenderTest.class.getName(), context.getLogger("test"),
                ch.qos.logback.classic.Level.INFO, message, null, null);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
