package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench payday --weeks K}: K paydays in a row on one demo platform, each one's seconds per
 * phase and how its checks ran (the first over the whole ledger, making the checkpoint; the next
 * ones since it). Figures are not asserted beyond being there: timing is the benchmark's business.
 */
class BenchWeeksCommandTest {

    @TempDir
    Path dir;

    @Test
    void kPaydaysInARowEachWithItsPhasesAndHowItWasChecked() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(new String[] {"bench", "payday", "--participants", "300", "--weeks", "3",
                "--seed", "3", "--data-dir", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

        JsonNode figures = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode weeks = figures.get("weeks");
        assertThat(weeks).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode week = weeks.get(i);
            assertThat(week.get("week").asInt()).isEqualTo(i + 1);
            assertThat(week.get("payday").asLong()).isEqualTo(i + 1);
            assertThat(week.get("phases").has("checks")).isTrue();
            assertThat(week.get("phases").has("payin")).isTrue();
            assertThat(week.get("errors").asLong()).isZero();
            assertThat(week.get("checkpoint_before_seconds").isNumber()).as("a checkpoint taken before the payday, timed").isTrue();
            assertThat(week.get("checks").asText()).isEqualTo(i == 0
                    ? "whole ledger (no checkpoint yet), checkpoint made" : "since the checkpoint, checkpoint advanced");
        }
        assertThat(weeks.get(2).get("postings_in_ledger").asLong()).isGreaterThan(weeks.get(0).get("postings_in_ledger").asLong());
        assertThat(figures.get("spacing").asText()).contains("not on the clock");
        // The single-payday figures stay where they were: the first week's.
        assertThat(figures.get("phases")).isEqualTo(weeks.get(0).get("phases"));

        ByteArrayOutputStream refusedErr = new ByteArrayOutputStream();
        int refused = PaydeskCommand.execute(new String[] {"bench", "payday", "--participants", "10", "--weeks", "0",
                "--data-dir", dir.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(refusedErr, true, StandardCharsets.UTF_8), Map.of());
        assertThat(refused).isNotZero();
        assertThat(refusedErr.toString(StandardCharsets.UTF_8)).contains("--weeks must be from 1 to 52, got 0");
    }
}
