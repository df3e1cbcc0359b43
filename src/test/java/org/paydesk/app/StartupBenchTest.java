package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paydesk.ui.StartupTimeline;

/**
 * {@code bench startup} starts the real desktop client in a child JVM (headless), which signs in by
 * itself, and prints the four timings of each start as JSON.
 */
class StartupBenchTest {

    @Test
    void printsLaunchWindowShownDatabaseReadyAndSignedInForEachRun() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        int code = PaydeskCommand.execute(new String[] {"bench", "startup", "--runs", "1", "--headless",
                "--timeout-seconds", "240"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.path("machine").path("cores").asInt()).isPositive();
        assertThat(result.path("display").asText()).isEqualTo("headless (Monocle)");
        assertThat(result.path("runs")).hasSize(1);
        JsonNode run = result.path("runs").get(0);
        for (String event : StartupTimeline.EVENTS) {
            assertThat(run.path(event).isNumber()).as(event + " in " + run).isTrue();
            assertThat(run.path(event).asLong()).as(event).isPositive();
        }
        long launch = run.path(StartupTimeline.LAUNCH).asLong();
        long shown = run.path(StartupTimeline.WINDOW_SHOWN).asLong();
        long ready = run.path(StartupTimeline.DATABASE_READY).asLong();
        long signedIn = run.path(StartupTimeline.SIGNED_IN).asLong();
        assertThat(launch).isLessThan(shown);
        assertThat(signedIn).as("signing in waits for the window and the database").isGreaterThanOrEqualTo(Math.max(shown, ready));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Run 1: {\"launch_ms\"");
    }
}
