package org.paydesk.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.Database;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.HoldDatabase;
import org.paydesk.testing.Jar;

/** Two processes on one data folder share one server (DESIGN §10); the last one out stops it. */
class SharedDataFolderIT {

    @TempDir
    Path data;

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("pgdata").resolve("postmaster.pid")).get(0).trim());
    }

    @Test
    void aCommandUsesTheServerTheOpenAppStartedAndLeavesItRunning() throws Exception {
        try (Database app = Database.open(DatabaseConfig.embedded(data))) {
            long pid = postmasterPid();

            Jar.Result check = Jar.run(List.of("check", "--data-dir", data.toString()));

            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(postmasterPid()).as("no second server was started").isEqualTo(pid);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            long participants = app.read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("select count(*) from participant")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(participants).as("the app's connection still works").isZero();
        }
        assertThat(data.resolve("pgdata").resolve("postmaster.pid")).as("the last one out stopped the server").doesNotExist();
    }

    /** A child JVM that opens the embedded database in {@code data}, returned once it says it is ready. */
    private Process holder() throws Exception {
        String classPath = Jar.JAR + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        Process holder = new ProcessBuilder(Jar.javaBin(), "-cp", classPath, HoldDatabase.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.startsWith("ready"));
        assertThat(line).as("the holder opened the database").startsWith("ready");
        // keep reading so the child never blocks on a full pipe
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "holder-output");
        drain.setDaemon(true);
        drain.start();
        return holder;
    }

    @Test
    void sigtermOfTheLastClientStopsTheServer() throws Exception {
        Process holder = holder();
        try {
            long pid = postmasterPid();

            holder.destroy(); // SIGTERM, as a service manager or `kill` sends it

            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).as("the holder exited").isTrue();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the server stopped").isFalse();
            assertThat(data.resolve("pgdata").resolve("postmaster.pid")).doesNotExist();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aServerLeftByAKilledProcessIsReusedAndThenStopped() throws Exception {
        Process holder = holder();
        try {
            long pid = postmasterPid();
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            try (Database database = Database.open(DatabaseConfig.embedded(data))) {
                assertThat(postmasterPid()).as("the orphaned server is reused").isEqualTo(pid);
            }
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            holder.destroyForcibly();
        }
    }
}
