package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.testing.HoldProcessor;
import org.paydesk.testing.Jar;

/** The payday as separate operating-system processes: killed, relaunched, launched twice at once. */
class PaydayProcessIT {

    @TempDir
    Path dir;

    private static String platform(int tippers) {
        StringBuilder json = new StringBuilder("{\"participants\": [{\"username\": \"creator\", \"review\": \"WHITELISTED\","
                + " \"bank\": \"bank_ok\"}, {\"username\": \"maker\", \"review\": \"WHITELISTED\", \"bank\": \"bank_rejected\"}");
        String[] cards = {"card_ok", "card_error", "card_declined", "card_ok"};
        for (int i = 0; i < tippers; i++) {
            json.append(",{\"username\": \"t").append(i).append("\", \"review\": \"WHITELISTED\", \"card\": \"")
                    .append(cards[i % 4]).append("\", \"balance\": \"").append(i % 3 == 0 ? "15.00" : "0.00").append("\"}");
        }
        json.append("], \"tips\": [");
        for (int i = 0; i < tippers; i++) {
            json.append(i == 0 ? "" : ",").append("{\"tipper\": \"t").append(i).append("\", \"tippee\": \"")
                    .append(i % 5 == 0 ? "maker" : "creator").append("\", \"amount\": \"").append(1 + i % 7).append(".25\"}");
        }
        return json.append("]}").toString();
    }

    private Process launch(PaydayFixture f, Path stderr) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jar.javaBin(), "-Xmx512m", "-jar", Jar.JAR.toString(), "payday", "run",
                "--db-url", f.config.jdbcUrl(), "--db-user", f.config.user(), "--data-dir", dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PAYDESK_DB_PASSWORD", f.config.password());
        return builder.start();
    }

    @Test
    void aPaydayKilledWithSigkillFinishesOnRelaunchAsIfUninterrupted() throws Exception {
        String platform = platform(400);
        java.util.TreeMap<String, List<String>> expected;
        try (PaydayFixture f = new PaydayFixture(platform)) {
            f.run(false, PaydayHooks.NONE, 2_000);
            expected = f.outcome();
        }
        try (PaydayFixture f = new PaydayFixture(platform)) {
            f.sql("update setting set value = '150' where key = 'gateway.sandbox_latency_ms'");
            Path stderr = dir.resolve("run1.err");
            Process first = launch(f, stderr);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (f.count("select count(*) from exchange") < 20 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as("still running when killed: " + Files.readString(stderr)).isTrue();
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(f.count("select count(*) from payday where ts_end is null"))
                    .as("an open payday after the kill; exchanges: " + f.count("select count(*) from exchange")
                            + "; the run said: " + Files.readString(stderr)).isEqualTo(1);

            Process second = launch(f, dir.resolve("run2.err"));
            assertThat(second.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("run2.err"))).isZero();

            assertThat(f.outcome()).isEqualTo(expected);
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    /**
     * Issue 7's scenario: runner A is frozen (SIGSTOP) in pay-in; once its heartbeat is stale, B takes
     * the processor and finishes the payday; A is then thawed (SIGCONT) and must commit nothing.
     */
    @Test
    void aRunnerFrozenPastATakeoverCommitsNothingWhenItWakes() throws Exception {
        String platform = platform(400);
        java.util.TreeMap<String, List<String>> expected;
        try (PaydayFixture f = new PaydayFixture(platform)) {
            f.run(false, PaydayHooks.NONE, 2_000);
            expected = f.outcome();
        }
        try (PaydayFixture f = new PaydayFixture(platform)) {
            f.sql("update setting set value = '100' where key = 'gateway.sandbox_latency_ms'");
            Path errA = dir.resolve("a.err");
            Process a = launch(f, errA);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (f.count("select count(*) from exchange") < 20 && System.nanoTime() < deadline && a.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(a.isAlive()).as("A still running when frozen: " + Files.readString(errA)).isTrue();
            signal(a, "STOP");
            try {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (f.count("select count(*) from processor_lock where heartbeat_at > now() - interval '21 seconds'") > 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                Path errB = dir.resolve("b.err");
                Process b = launch(f, errB);
                assertThat(b.waitFor(3, TimeUnit.MINUTES)).isTrue();
                assertThat(b.exitValue()).as(Files.readString(errB)).isZero();
            } finally {
                signal(a, "CONT");
            }
            assertThat(a.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(a.exitValue()).isNotZero();
            assertThat(Files.readString(errA)).contains("lost the processor to system on");

            assertThat(f.outcome()).isEqualTo(expected);
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
            assertThat(f.count("select count(*) from (select idempotency_key from sandbox_gateway_request"
                    + " group by 1 having count(*) > 1) d")).isZero();
        }
    }

    @Test
    void ctrlCStopsBetweenBatchesLeavesThePaydayOpenAndTheNextRunFinishesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this JVM (started in the"
                + " background by a shell without job control); the payday process would inherit that, as under nohup,"
                + " and no Ctrl-C could reach it");
        String platform = platform(5_000);
        java.util.TreeMap<String, List<String>> expected;
        try (PaydayFixture f = new PaydayFixture(platform)) {
            f.run(false, PaydayHooks.NONE, 2_000);
            expected = f.outcome();
        }
        try (PaydayFixture f = new PaydayFixture(platform)) {
            // Slow enough that the signal lands during pay-in (three batches), however fast the database writes.
            f.sql("update setting set value = '50' where key = 'gateway.sandbox_latency_ms'");
            Path err = dir.resolve("interrupted.err");
            Process run = launch(f, err);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (f.count("select count(*) from exchange") == 0 && System.nanoTime() < deadline && run.isAlive()) {
                Thread.sleep(20);
            }
            signal(run, "INT");
            assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String said = Files.readString(err);
            assertThat(run.exitValue()).as(said).isEqualTo(130);
            assertThat(said).contains("SIGINT received: stopping after the current batch")
                    .contains("was cancelled during payin; it stays open");
            assertThat(f.count("select count(*) from payday where ts_end is null")).isEqualTo(1);
            assertThat(f.count("select count(*) from payday_tipper where done")
                    + f.count("select cursor from payday")).as("stopped before the end of pay-in").isLessThan(5_000);
            assertThat(f.paydesk.processor().currentHolder()).as("the processor is free").isEmpty();

            Process resumed = launch(f, dir.resolve("resumed.err"));
            assertThat(resumed.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(resumed.exitValue()).as(Files.readString(dir.resolve("resumed.err"))).isZero();

            assertThat(f.outcome()).isEqualTo(expected);
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status), which children inherit. */
    private static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
                .anyMatch(mask -> (mask & (1L << (2 - 1))) != 0);
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    @Test
    void twoLaunchersAtOnceRunExactlyOnePayday() throws Exception {
        try (PaydayFixture f = new PaydayFixture(platform(60))) {
            f.sql("update setting set value = '100' where key = 'gateway.sandbox_latency_ms'");
            Process a = launch(f, dir.resolve("a.err"));
            Process b = launch(f, dir.resolve("b.err"));
            assertThat(a.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(b.waitFor(3, TimeUnit.MINUTES)).isTrue();
            String errA = Files.readString(dir.resolve("a.err"));
            String errB = Files.readString(dir.resolve("b.err"));

            assertThat(f.count("select count(*) from payday")).isEqualTo(1);
            assertThat(List.of(a.exitValue(), b.exitValue())).containsExactlyInAnyOrder(0, 1);
            String loser = a.exitValue() == 1 ? errA : errB;
            assertThat(loser).containsAnyOf("Payday is already running on", "The last payday (#1) started at");
            assertThat(f.count("select count(*) from (select idempotency_key from sandbox_gateway_request"
                    + " group by 1 having count(*) > 1) d")).isZero();
        }
    }

    @Test
    void killingTheHolderFreesTheProcessorWithinSeconds() throws Exception {
        try (PaydayFixture f = new PaydayFixture(platform(1))) {
            String classPath = Jar.JAR + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
            ProcessBuilder holderBuilder = new ProcessBuilder(Jar.javaBin(), "-cp", classPath, HoldProcessor.class.getName(),
                    f.config.jdbcUrl(), dir.toString()).redirectErrorStream(true);
            holderBuilder.environment().put("PAYDESK_DB_PASSWORD", f.config.password());
            Process holder = holderBuilder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.equals("holding"));
                assertThat(line).isEqualTo("holding");

                ProcessorLock lock = f.paydesk.processor();
                assertThatThrownBy(() -> lock.acquire(1, "me", "here", "Payday")).isInstanceOf(ProcessorBusyException.class)
                        .hasMessageContaining("on child-host by Child Process");

                holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                long killed = System.nanoTime();
                ProcessorLock.Held held = null;
                while (held == null && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                    try {
                        held = lock.acquire(1, "me", "here", "Payday");
                    } catch (ProcessorBusyException stillHeld) {
                        Thread.sleep(100);
                    }
                }
                assertThat(held).as("free within 5 seconds of the kill").isNotNull();
                held.close();
            } finally {
                holder.destroyForcibly();
            }
        }
    }
}
