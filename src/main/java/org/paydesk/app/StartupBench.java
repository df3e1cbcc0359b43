package org.paydesk.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.ui.StartupTimeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench startup}: how long the desktop client takes to show its sign-in window, to have its
 * database ready and to have a staff member signed in. Each run is a fresh JVM (the same java and
 * class path as this one) on one temporary data folder, warmed once beforehand (server created,
 * schema migrated, a staff member added); the child signs in by itself and prints its timeline,
 * measured from the JVM's own start time.
 */
@Command(name = "startup", description = "Start the desktop client in a child JVM on a fresh temporary embedded"
        + " database (warmed once) and print, per run, the milliseconds from the process start to main (launch),"
        + " to the sign-in window shown, the database ready and signed in, as JSON.")
final class StartupBench implements Callable<Integer> {

    static final String MONOCLE = "com.sun.glass.ui.monocle.MonoclePlatformFactory";
    /** The toolkit without a display, as the tests run it (pom.xml's headless.argLine). */
    static final List<String> HEADLESS = List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
            "-Dprism.order=sw", "-Dprism.text=t2k", "-Djava.awt.headless=true");
    private static final String USER = "bench";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "R", description = "Starts to time (default 3).")
    int runs;

    @Option(names = "--headless", negatable = true, description = "Run the child without a display (Monocle, which"
            + " must be on the class path). Default: headless when there is no DISPLAY.")
    Boolean headless;

    @Option(names = "--java-option", paramLabel = "OPTION", description = "An option for the child JVM (repeatable),"
            + " to compare: e.g. --java-option=-XX:TieredStopAtLevel=1.")
    List<String> javaOptions = new ArrayList<>();

    @Option(names = "--timeout-seconds", defaultValue = "120", paramLabel = "S",
            description = "Give up on a start after this long (default 120).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || runs > 20) {
            throw new IllegalArgumentException("--runs must be from 1 to 20, got " + runs);
        }
        if (timeoutSeconds < 5 || timeoutSeconds > 3600) {
            throw new IllegalArgumentException("--timeout-seconds must be from 5 to 3600, got " + timeoutSeconds);
        }
        PaydeskCommand root = PaydayCommand.root(spec);
        boolean noDisplay = headless != null ? headless : isBlank(root.env.get("DISPLAY"));
        if (noDisplay && !onClassPath(MONOCLE)) {
            throw new IllegalArgumentException("bench startup without a display needs the headless toolkit"
                    + " (org.testfx:openjfx-monocle) on the class path, or a DISPLAY");
        }
        Path scratch = Files.createTempDirectory("paydesk-bench-startup");
        try {
            return measure(root, scratch, noDisplay);
        } finally {
            BenchCommand.Payday.deleteTree(scratch);
        }
    }

    private int measure(PaydeskCommand root, Path scratch, boolean noDisplay) throws IOException, InterruptedException {
        Path data = scratch.resolve("data");
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(18));
        long warmStart = System.nanoTime();
        try (Paydesk paydesk = Paydesk.open(DatabaseConfig.embedded(data))) {
            paydesk.staff().createFirstAdmin(USER, "Start-up bench", password.toCharArray());
        }
        root.err().printf("Data folder warmed in %.1f s; starting the client %d times%n",
                (System.nanoTime() - warmStart) / 1e9, runs);
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        ObjectNode machine = result.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("load_average", Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage() * 100) / 100.0);
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        result.putPOJO("java_options", javaOptions);
        result.put("display", noDisplay ? "headless (Monocle)" : "DISPLAY " + root.env.get("DISPLAY"));
        result.put("data_folder_mb", Math.round(size(data) / (1024.0 * 1024.0)));
        ArrayNode timings = result.putArray("runs");
        for (int i = 1; i <= runs; i++) {
            JsonNode timeline = json.readTree(runOnce(root, scratch, data, password, noDisplay));
            for (String event : StartupTimeline.EVENTS) {
                if (!timeline.has(event)) {
                    throw new IllegalStateException("the client's timeline lacks " + event + ": " + timeline);
                }
            }
            timings.add(timeline);
            root.err().println("Run " + i + ": " + timeline);
        }
        root.out().println(result.toPrettyString());
        return 0;
    }

    /** One start of the client, signed in by itself; returns its timeline's JSON. */
    private String runOnce(PaydeskCommand root, Path scratch, Path data, String password, boolean noDisplay)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        if (noDisplay) {
            command.addAll(HEADLESS);
        }
        command.addAll(javaOptions);
        command.add("-D" + StartupTimeline.PROBE_PROPERTY + "=" + USER);
        command.add(Main.class.getName());
        command.add("--data-dir");
        command.add(data.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put(StartupTimeline.PASSWORD_ENV, password);
        // The child's own config folder: no settings file of the user's, and its window memory stays in the scratch folder.
        env.put("XDG_CONFIG_HOME", scratch.resolve("config").toString());
        env.remove("PAYDESK_CONFIG");
        env.remove("PAYDESK_DATA_DIR");
        Process child = builder.start();
        List<String> output = new ArrayList<>();
        String timeline = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            Thread watchdog = new Thread(() -> {
                try {
                    if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    child.destroyForcibly();
                }
            }, "bench-startup-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(StartupTimeline.LINE_PREFIX)) {
                    timeline = line.substring(StartupTimeline.LINE_PREFIX.length());
                } else if (output.size() < 40) {
                    output.add(line);
                }
            }
        }
        if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        if (timeline == null) {
            throw new IllegalStateException("the client did not report its start (exit " + child.exitValue() + "): "
                    + String.join(" / ", output));
        }
        return timeline;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, StartupBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
