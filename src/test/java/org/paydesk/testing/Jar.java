package org.paydesk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/paydesk.jar} in a child JVM, as a user or cron would. */
public final class Jar {

    public static final Path JAR = Path.of("target", "paydesk.jar").toAbsolutePath();
    private static final Path NO_SETTINGS = Path.of("target", "no-settings").toAbsolutePath();

    public record Result(int exitCode, String out, String err) {
    }

    private Jar() {
    }

    public static Result run(List<String> args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(args);
        Path out = Files.createTempFile("paydesk-out", ".txt");
        Path err = Files.createTempFile("paydesk-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Never the developer's own settings file (it may name a shared server): an empty config folder.
        builder.environment().put("XDG_CONFIG_HOME", NO_SETTINGS.toString());
        builder.environment().remove("PAYDESK_CONFIG");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
