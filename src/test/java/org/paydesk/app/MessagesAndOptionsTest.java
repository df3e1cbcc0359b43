package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.TestDatabases;

/** Issue 13 §2: blank options, unusable folders, export targets and a silent server, each in one clear line. */
class MessagesAndOptionsTest {

    @TempDir
    static Path dir;
    private static DatabaseConfig db;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void database() {
        db = TestDatabases.freshConfig();
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run onTestDatabase(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
                "--data-dir", dir.toString()));
        return run(Map.of(), all.toArray(String[]::new));
    }

    private static void assertOneLine(Run run, String expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    }

    @Test
    void blankDatabaseUrlsAreErrorsNotANewEmbeddedDatabase() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("blank-url"));
        assertOneLine(run(Map.of(), "check", "--db-url", "", "--data-dir", folder.toString()), "--db-url is empty");
        assertOneLine(run(Map.of("PAYDESK_DB_URL", ""), "check", "--data-dir", folder.toString()),
                "PAYDESK_DB_URL is set but empty");
        assertOneLine(run(Map.of(), "check", "--db-url", db.jdbcUrl(), "--db-user", " ", "--data-dir", folder.toString()),
                "--db-user is empty");
        try (Stream<Path> made = Files.list(folder)) {
            assertThat(made.map(p -> p.getFileName().toString())).doesNotContain("pgdata");
        }
    }

    @Test
    void aBlankDataFolderIsAnError() {
        assertOneLine(run(Map.of(), "check", "--data-dir", ""), "--data-dir is empty");
        assertOneLine(run(Map.of("PAYDESK_DATA_DIR", " "), "check"), "PAYDESK_DATA_DIR is set but empty");
    }

    @Test
    void aDataFolderThatIsAFileIsSaidInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertOneLine(run(Map.of(), "check", "--data-dir", file.toString()),
                "cannot use " + file + " as the data folder: it is a file");
        assertOneLine(run(Map.of(), "check", "--data-dir", file.resolve("below").toString()),
                "cannot write to " + file.resolve("below") + ": " + file + " is a file");
    }

    @Test
    void exportTargetsThatCannotBeAFileAreRefusedAndLeaveNothingBehind() throws Exception {
        assertOneLine(onTestDatabase("export", "accounts", "-o", "/"), "cannot write the export to /: it is a folder");

        Path folder = Files.createDirectories(dir.resolve("existing-folder"));
        Run intoFolder = onTestDatabase("export", "accounts", "-o", folder.toString());
        assertOneLine(intoFolder, "it is a folder; give a file name");
        assertThat(intoFolder.err()).doesNotContain("Wrote");
        try (Stream<Path> left = Files.list(folder); Stream<Path> beside = Files.list(dir)) {
            assertThat(left).isEmpty();
            assertThat(beside.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".export"));
        }

        Path missing = dir.resolve("no-such-folder").resolve("accounts.json");
        assertOneLine(onTestDatabase("export", "accounts", "-o", missing.toString()),
                "the folder " + missing.getParent() + " does not exist");

        Path good = dir.resolve("accounts.json");
        Run written = onTestDatabase("export", "accounts", "-o", good.toString());
        assertThat(written.exitCode()).as(written.err()).isZero();
        assertThat(Files.readString(good)).startsWith("[");
    }

    /** A server that accepts the connection and never answers: connect and login give up in seconds. */
    @Test
    void aServerThatNeverAnswersTimesOutNamingTheHost() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/paydesk";
            Run run = assertTimeoutPreemptively(Duration.ofSeconds(90),
                    () -> run(Map.of(), "check", "--db-url", url, "--data-dir", dir.toString()));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("Cannot connect to the database at " + url).doesNotContain("\tat ");
            assertThat(accepted).as("the connection was made, and then nothing came back").isNotEmpty();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
