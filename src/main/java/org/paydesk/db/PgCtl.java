package org.paydesk.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the unpacked PostgreSQL programs: {@code initdb}, {@code pg_ctl} and the single-user
 * {@code postgres}. PostgreSQL refuses to run as root, so as root they run in a user namespace
 * ({@code unshare -U}), where the process is an unprivileged user that still owns root's files.
 */
final class PgCtl {

    static final String SUPERUSER = "postgres";
    private static final Pattern SETTING = Pattern.compile("[A-Za-z0-9_.]+");
    private static List<String> prefix;

    private final Path bin;

    private PgCtl(Path bin) {
        this.bin = bin;
    }

    static PgCtl unpacked() throws IOException {
        return new PgCtl(PostgresBinaries.folder().resolve("bin"));
    }

    /** A new cluster whose superuser has the password in {@code passwordFile}. */
    void initdb(Path pgdata, Path passwordFile, String authMethod, boolean sync) throws IOException {
        List<String> args = new ArrayList<>(List.of("-D", pgdata.toString(), "-U", SUPERUSER, "-A", authMethod,
                "-E", "UTF-8", "--no-instructions"));
        if (passwordFile != null) {
            args.add("--pwfile=" + passwordFile);
        }
        if (!sync) {
            args.add("--no-sync");
        }
        run("initdb", args, null, 180);
    }

    /**
     * Starts the server on {@code port} and waits until it accepts connections. {@code overrides}
     * are settings given on the command line for this run only (tests); the rest comes from the
     * data folder's configuration.
     */
    void start(Path pgdata, int port, Path logFile, Map<String, String> overrides) throws IOException {
        StringBuilder options = new StringBuilder("-p ").append(port);
        overrides.forEach((key, value) -> {
            if (!SETTING.matcher(key).matches() || !SETTING.matcher(value).matches()) {
                throw new IllegalArgumentException("unsupported server setting " + key + "=" + value);
            }
            options.append(" -c ").append(key).append('=').append(value);
        });
        run("pg_ctl", List.of("-D", pgdata.toString(), "-l", logFile.toString(), "-o", options.toString(),
                "-w", "-t", "60", "start"), null, 90);
    }

    /** A fast shutdown: open transactions are rolled back, the server writes a checkpoint and exits. */
    void stop(Path pgdata) throws IOException {
        run("pg_ctl", List.of("-D", pgdata.toString(), "-m", "fast", "-w", "-t", "60", "stop"), null, 90);
    }

    /** Runs {@code sql} (one statement per line) in single-user mode on a stopped server. */
    void singleUser(Path pgdata, String sql) throws IOException {
        String output = run("postgres", List.of("--single", "-D", pgdata.toString(), "-c", "exit_on_error=on",
                "postgres"), sql, 120);
        if (output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("PostgreSQL in single-user mode refused the change: " + lastLines(output));
        }
    }

    private String run(String program, List<String> args, String input, int timeoutSeconds) throws IOException {
        List<String> command = new ArrayList<>(unsharePrefix());
        boolean windows = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win");
        command.add(bin.resolve(windows ? program + ".exe" : program).toString());
        command.addAll(args);
        Path output = Files.createTempFile("paydesk-" + program, ".out");
        try {
            // Output goes to a file: the server pg_ctl starts must not hold a pipe of this process open.
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish within " + timeoutSeconds + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(program + " failed (exit code " + process.exitValue() + "): " + lastLines(text));
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String lastLines(String text) {
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 4), lines.size())).trim();
    }

    /** {@code unshare -U} when running as root where user namespaces work; nothing otherwise. */
    private static synchronized List<String> unsharePrefix() {
        if (prefix == null) {
            prefix = isRoot() && unshareWorks() ? List.of("unshare", "-U") : List.of();
        }
        return prefix;
    }

    private static boolean isRoot() {
        try {
            Path probe = Files.createTempFile("paydesk-uid", ".probe");
            try {
                return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
            } finally {
                Files.delete(probe);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean unshareWorks() {
        try {
            Process process = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && !"0".equals(out);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
