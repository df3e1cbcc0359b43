package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/** Issue 13 §3: `queue add` while a payday holds the processor says what happened, and a retry queues nothing. */
class QueueDuringPaydayTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(DatabaseConfig db, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
                        "--data-dir", dir.toString()))
                .toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anItemQueuedDuringAPaydayIsReportedAsQueuedAndItsRetryIsRefused() {
        DatabaseConfig db = TestDatabases.freshConfig();
        try (Paydesk paydesk = Paydesk.wrap(Database.open(db))) {
            Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"alice\"}]}");
            String[] add = {"queue", "add", "--participant", "alice", "--kind", "credit", "--amount", "50.00",
                "--reason", "cheque 7"};
            Run first;
            Run retry;
            try (ProcessorLock.Held payday = new ProcessorLock(paydesk.database())
                    .acquire(paydesk.systemStaffId(), "Olga Operator", "desk-2", "Payday")) {
                first = run(db, add);
                retry = run(db, add);
            }
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).containsPattern("#\\d+ is queued and will be processed when the processor is free")
                    .contains("Olga Operator").contains("Do not queue it again");
            assertThat(retry.exitCode()).isEqualTo(1);
            assertThat(retry.err()).contains("nothing was queued, as this looks like a retry");
            assertThat(paydesk.queue().list(null, 10)).hasSize(1);

            Run later = run(db, "queue", "process");
            assertThat(later.exitCode()).as(later.err()).isZero();
            assertThat(paydesk.participants().findByUsername("alice").orElseThrow().balance())
                    .as("credited once, not twice").isEqualByComparingTo("50.00");
        }
    }
}
