package org.paydesk.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app image that installer/build.sh makes, started as an installed client is: through its own
 * launcher, with no JDK on the PATH and no JAVA_HOME, a fresh home folder, and the data folder named
 * in the user's settings file. Runs only with {@code ./mvnw -B verify -Pinstaller}, which builds the image.
 */
class InstallerIT {

    private static final Path LAUNCHER = Path.of("target", "installer", "image", "paydesk", "bin", "paydesk").toAbsolutePath();

    @TempDir
    Path home;

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void theLauncherRunsVersionAndCheckOnAFreshDataFolderWithoutAJdk() throws Exception {
        assertThat(LAUNCHER).as("build it with ./mvnw -B verify -Pinstaller").isExecutable();
        Path data = home.resolve("data");
        Path settings = Files.createDirectories(home.resolve(".config/paydesk")).resolve("paydesk.properties");
        Files.writeString(settings, "data.dir=" + data + "\n");

        Result version = run("--version");
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("Paydesk ").contains("Java 17");

        Result check = run("check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("ok      every journal entry sums to zero").contains("All checks passed.");
        assertThat(data.resolve("pgdata")).as("the embedded database went into the data folder of the settings file").isDirectory();
        assertThat(data.resolve("logs").resolve("paydesk.log")).isRegularFile();
    }

    /**
     * Runs the launcher with a PATH holding only the programs the embedded PostgreSQL calls (sh;
     * unshare and id when run as root) and a fresh home and config folder.
     */
    private Result run(String... args) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("sh", "unshare", "id")) {
            Path found = which(tool);
            if (found != null && !Files.exists(bin.resolve(tool))) {
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
        }
        assertThat(bin.resolve("java")).doesNotExist();
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("HOME", home.toString());
        // Java takes the home folder from the user database, not from HOME: name the XDG folders too.
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("LANG", "C.UTF-8");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
