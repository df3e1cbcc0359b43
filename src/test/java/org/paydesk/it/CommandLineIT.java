package org.paydesk.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.testing.Jar;

/** A new user's path with the packaged jar on a fresh embedded database: import, export, check. */
class CommandLineIT {

    @TempDir
    Path dir;

    @Test
    void importExportAndCheckOnTheEmbeddedDatabase() throws Exception {
        Path data = dir.resolve("data");
        Path file = Files.writeString(dir.resolve("f.json"), """
                {"participants": [
                  {"username": "alice", "claimed": true, "review": "WHITELISTED", "balance": "0.00", "card": "card_ok", "bank": "bank_ok"},
                  {"username": "bob", "balance": "20.00", "bank": "bank_rejected"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "1.00"}]}""");

        Jar.Result imported = Jar.run(List.of("import", file.toString(), "--data-dir", data.toString()));
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 2 participants and 1 tips");

        Jar.Result exported = Jar.run(List.of("export", "accounts", "--format", "json", "--data-dir", data.toString()));
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(exported.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get("username").asText()).isEqualTo("bob");
        assertThat(rows.get(1).get("balance").asText()).isEqualTo("20.00");

        Jar.Result check = Jar.run(List.of("check", "--data-dir", data.toString()));
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("All checks passed.");

        assertThat(data.resolve("logs").resolve("paydesk.log")).isRegularFile();
        assertThat(data.resolve("pgdata").resolve("postmaster.pid")).as("the server is stopped after the command").doesNotExist();
    }

    @Test
    void settingsSetIsKeptForTheNextCommandAndHelpWorksEverywhere() throws Exception {
        String data = dir.resolve("data").toString();
        Jar.Result set = Jar.run(List.of("settings", "set", "gateway.sandbox_latency_ms", "100", "--data-dir", data));
        assertThat(set.exitCode()).as(set.err()).isZero();
        Jar.Result list = Jar.run(List.of("settings", "list", "--json", "--data-dir", data));
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode latency = null;
        for (JsonNode setting : new ObjectMapper().readTree(list.out())) {
            if (setting.get("key").asText().equals("gateway.sandbox_latency_ms")) {
                latency = setting.get("value");
            }
        }
        assertThat(latency).isNotNull();
        assertThat(latency.asText()).isEqualTo("100");

        Jar.Result help = Jar.run(List.of("payday", "run", "--help"));
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: paydesk payday run ").containsOnlyOnce("Usage:");
    }

    @Test
    void aBadFileIsRefusedWithAClearMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"participants\": [{\"username\": \"x\", \"review\": \"VIP\"}]}");
        Jar.Result result = Jar.run(List.of("import", file.toString(), "--data-dir", dir.resolve("data").toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("participants[0].review: 'VIP' is not one of").doesNotContain("Exception");
    }

    @Test
    void benchBuildsAPlatformRunsAPaydayAndReportsFigures() throws Exception {
        Jar.Result bench = Jar.run(List.of("bench", "payday", "--participants", "400", "--tips-per-participant", "3",
                "--gateway-latency-ms", "1", "--data-dir", dir.resolve("data").toString()));
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode figures = new ObjectMapper().readTree(bench.out());
        assertThat(figures.get("participants").asInt()).isEqualTo(400);
        assertThat(figures.get("tips").asLong()).isBetween(800L, 1600L);
        assertThat(figures.get("transfers").asLong()).isPositive();
        assertThat(figures.get("charges").asLong()).isPositive();
        assertThat(figures.get("errors").asLong()).isZero();
        assertThat(figures.get("payday_seconds").asDouble()).isPositive();
        assertThat(figures.get("peak_heap_mb").asLong()).isPositive();
        assertThat(figures.get("phases").has("payin")).isTrue();
        assertThat(figures.get("machine").get("cores").asInt()).isPositive();
    }
}
