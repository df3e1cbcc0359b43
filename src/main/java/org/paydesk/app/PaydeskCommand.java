package org.paydesk.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.db.DatabaseUnavailableException;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.participants.ExportService;
import org.paydesk.participants.ImportException;
import org.paydesk.participants.ImportService.ImportResult;
import org.paydesk.settings.InvalidSettingException;
import org.paydesk.ui.DesktopApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** The command line of DESIGN §10. With no command it opens the GUI. */
@Command(name = "paydesk", mixinStandardHelpOptions = true, versionProvider = PaydeskCommand.Version.class,
        description = "Paydesk: the staff back office of a recurring-tips platform.%n"
                + "With no command, opens the desktop client. With a command, runs headless as the built-in "
                + "system operator and exits 0 on success.",
        subcommands = {
            PaydeskCommand.Migrate.class, PaydeskCommand.Import.class, PaydeskCommand.Export.class,
            PaydeskCommand.Check.class, PaydeskCommand.Demo.class, PaydayCommand.class, QueueCommand.class, StaffCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PaydeskCommand implements Callable<Integer> {

    /** Returned when the GUI was started: the process stays alive until its window closes. */
    public static final int GUI_STARTED = -1;
    static final int FAILED = 1;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "JDBC URL of an external PostgreSQL (jdbc:postgresql://host:5432/db); env PAYDESK_DB_URL. "
                    + "Without it, the embedded PostgreSQL in the data folder.")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "User for --db-url; env PAYDESK_DB_USER.")
    String dbUser;

    @Option(names = "--db-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            description = "Password for --db-url; env PAYDESK_DB_PASSWORD.")
    String dbPassword;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data folder (embedded database, logs); env PAYDESK_DATA_DIR; default: the user's data folder.")
    Path dataDir;

    private PrintStream out;
    private PrintStream err;
    private java.io.InputStream in = System.in;
    private Map<String, String> env = System.getenv();

    /** Parses and runs {@code args}; returns the exit code, or {@link #GUI_STARTED}. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, System.getenv());
    }

    static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return execute(args, System.in, out, err, env);
    }

    static int execute(String[] args, java.io.InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        PaydeskCommand root = new PaydeskCommand();
        root.in = in;
        root.out = out;
        root.err = err;
        root.env = env;
        CommandLine cli = new CommandLine(root);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("paydesk: " + explain(e));
            return FAILED;
        });
        cli.setExecutionStrategy(parseResult -> {
            if (!CommandLine.printHelpIfRequested(parseResult)) {
                root.configureLogging();
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }

    static String explain(Exception e) {
        if (e instanceof ImportException imported) {
            return imported.fullMessage();
        }
        if (e instanceof DatabaseUnavailableException || e instanceof InvalidSettingException
                || e instanceof org.paydesk.payday.PaydayRefusedException || e instanceof org.paydesk.processor.ProcessorBusyException
                || e instanceof org.paydesk.processor.ProcessorLostException
                || e instanceof org.paydesk.payday.PaydayCancelledException
                || e instanceof org.paydesk.staff.NotAllowedException
                || e instanceof org.paydesk.db.ConcurrentEditException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException io) {
            return io.getCause().getMessage();
        }
        if (e instanceof DataAccessException data) {
            return "the database refused the operation: " + data.getMessage();
        }
        return "unexpected error: " + e + " (the log file in the data folder has the details)";
    }

    /** The database settings from options, else environment, else the embedded default. */
    DatabaseConfig databaseConfig() {
        String url = firstNonBlank(dbUrl, env.get("PAYDESK_DB_URL"));
        String user = firstNonBlank(dbUser, env.get("PAYDESK_DB_USER"));
        String password = firstNonBlank(dbPassword, env.get("PAYDESK_DB_PASSWORD"));
        return new DatabaseConfig(resolvedDataDir(), url, user, password);
    }

    Path resolvedDataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath();
        }
        String fromEnv = env.get("PAYDESK_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        return DataDirectories.userDataDir(env, System.getProperty("os.name"), System.getProperty("user.home"));
    }

    private void configureLogging() {
        Logging.configure(resolvedDataDir().resolve("logs"));
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    Paydesk open() {
        return Paydesk.open(databaseConfig());
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    java.io.InputStream in() {
        return in;
    }

    @Override
    public Integer call() {
        DesktopApp.start(databaseConfig());
        return GUI_STARTED;
    }

    // ------------------------------------------------------------------ commands

    @Command(name = "migrate", description = "Create or upgrade the database schema, then exit.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        PaydeskCommand root;

        @Override
        public Integer call() {
            try (Paydesk paydesk = root.open()) {
                root.out.println("Schema is up to date on " + paydesk.database().description());
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Import participants and tips from a JSON file (all or nothing).")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        PaydeskCommand root;

        @Parameters(paramLabel = "FILE.json", description = "The file to import (format: README, section Import).")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": no such file");
            }
            try (Paydesk paydesk = root.open()) {
                ImportResult result = paydesk.importer().importFile(file, paydesk.systemStaffId());
                root.out.printf("Imported %d participants and %d tips; opening balances %s%n",
                        result.participants(), result.tips(), result.openingBalances().toPlainString());
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Export data.", subcommands = ExportAccounts.class)
    static final class Export implements Callable<Integer> {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "say what to export: export accounts");
        }
    }

    @Command(name = "accounts", description = "Every participant's balance, owed and pending amounts and last results.")
    static final class ExportAccounts implements Callable<Integer> {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", defaultValue = "json", paramLabel = "json|csv",
                description = "json (default) or csv.")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path output;

        @Override
        public Integer call() throws IOException {
            ExportService.Format chosen = switch (format.toLowerCase(java.util.Locale.ROOT)) {
                case "json" -> ExportService.Format.JSON;
                case "csv" -> ExportService.Format.CSV;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--format must be json or csv, got '" + format + "'");
            };
            PaydeskCommand root = spec.commandLine().getParent().getParent().getCommand();
            try (Paydesk paydesk = root.open()) {
                if (output == null) {
                    OutputStream out = new BufferedOutputStream(root.out, 1 << 16);
                    paydesk.exporter().exportAccounts(chosen, out);
                    out.flush();
                } else {
                    Path temporary = Files.createTempFile(output.toAbsolutePath().getParent(), ".export", ".tmp");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                        long rows = paydesk.exporter().exportAccounts(chosen, out);
                        root.err.println("Wrote " + rows + " accounts to " + output);
                    } catch (RuntimeException | IOException e) {
                        Files.deleteIfExists(temporary);
                        throw e;
                    }
                    Files.move(temporary, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Check the ledger's invariants; exits non-zero if any failed.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        PaydeskCommand root;

        @Override
        public Integer call() {
            try (Paydesk paydesk = root.open()) {
                List<CheckResult> results = paydesk.checker().runAll();
                boolean allOk = true;
                for (CheckResult r : results) {
                    root.out.println((r.ok() ? "ok      " : "FAILED  ") + r.name() + (r.ok() ? "" : ": " + r.detail()));
                    allOk &= r.ok();
                }
                root.out.println(allOk ? "All checks passed." : "Some checks FAILED.");
                return allOk ? 0 : FAILED;
            }
        }
    }

    @Command(name = "demo", description = "Generate a realistic demo platform into the database.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand
        PaydeskCommand root;

        @Option(names = "--participants", required = true, paramLabel = "N", description = "How many participants.")
        int participants;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default 1).")
        long seed;

        @Override
        public Integer call() {
            if (participants < 1 || participants > 50_000_000) {
                throw new IllegalArgumentException("--participants must be between 1 and 50000000, got " + participants);
            }
            try (Paydesk paydesk = root.open()) {
                DemoGenerator.DemoResult result = paydesk.demo().generate(participants, seed,
                        new ThrottledProgress(root.err));
                root.out.printf("Generated %d participants and %d tips in %.1f s%n", result.participants(),
                        result.tips(), result.elapsed().toMillis() / 1000.0);
            }
            return 0;
        }
    }

    /** Prints a progress line at most every two seconds. */
    static final class ThrottledProgress implements DemoGenerator.Progress {
        private final PrintStream err;
        private long lastPrinted;

        ThrottledProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void update(String step, long done, long total) {
            long now = System.nanoTime();
            if (done >= total || now - lastPrinted > 2_000_000_000L) {
                lastPrinted = now;
                err.printf("%s: %d / %d%n", step, done, total);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PaydeskCommand.class.getPackage().getImplementationVersion();
            return new String[] {"Paydesk " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version")};
        }
    }
}
