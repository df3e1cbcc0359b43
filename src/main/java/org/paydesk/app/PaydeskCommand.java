package org.paydesk.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.demo.DemoHistory;
import org.paydesk.errors.ErrorMessages;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.participants.ExportService;
import org.paydesk.participants.ImportService.ImportResult;
import org.paydesk.processor.Workstation;
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
            PaydeskCommand.Check.class, PaydeskCommand.Demo.class, PaydayCommand.class, QueueCommand.class,
            RefundCommand.class, ReviewCommand.class,
            BackupCommand.Backup.class, BackupCommand.Restore.class, StaffCommand.class, BenchCommand.class,
            SettingsCommand.class, AuditCommand.class,
            HelpCommand.class
        })
public final class PaydeskCommand implements Callable<Integer> {

    // Asked for when used, not when the class loads: logging is configured once, after the data folder is known.
    private static org.slf4j.Logger log() {
        return org.slf4j.LoggerFactory.getLogger(PaydeskCommand.class);
    }

    /** Returned when the GUI was started: the process stays alive until its window closes. */
    public static final int GUI_STARTED = -1;
    static final int FAILED = 1;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "JDBC URL of an external PostgreSQL (jdbc:postgresql://host:5432/db); env PAYDESK_DB_URL; "
                    + "settings file db.url. Without it, the embedded PostgreSQL in the data folder.")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "User for --db-url; env PAYDESK_DB_USER; settings file db.user.")
    String dbUser;

    @Option(names = "--db-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            description = "Password for --db-url; env PAYDESK_DB_PASSWORD; settings file db.password or the keyring.")
    String dbPassword;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data folder (embedded database, logs); env PAYDESK_DATA_DIR; settings file data.dir; "
                    + "default: the user's data folder.")
    Path dataDir;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Settings file; env PAYDESK_CONFIG; default: paydesk.properties in the user's config folder "
                    + "(~/.config/paydesk on Linux). The command line and the environment win over it.")
    Path configFile;

    private PrintStream out;
    private PrintStream err;
    private java.io.InputStream in = System.in;
    Map<String, String> env = System.getenv();
    String home = System.getProperty("user.home");
    private final String osName = System.getProperty("os.name");
    Keyring keyring = Keyring.forPlatform(osName);
    private SettingsFile settings;

    /** Parses and runs {@code args}; returns the exit code, or {@link #GUI_STARTED}. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, System.getenv());
    }

    static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return execute(args, System.in, out, err, env);
    }

    static int execute(String[] args, java.io.InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return execute(args, in, out, err, env, System.getProperty("user.home"));
    }

    /** As a user whose home folder is {@code home} (where the settings file is looked for). */
    static int execute(String[] args, java.io.InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
            String home) {
        PaydeskCommand root = new PaydeskCommand();
        root.in = in;
        root.out = out;
        root.err = err;
        root.env = env;
        root.home = home;
        CommandLine cli = new CommandLine(root);
        addHelpOption(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("paydesk: " + explain(e));
            return FAILED;
        });
        cli.setExecutionStrategy(parseResult -> {
            // Help, version and the help command are answered here, once; everything else runs the command.
            Integer helped = CommandLine.executeHelpRequest(parseResult);
            if (helped != null) {
                return helped;
            }
            try {
                root.checkOptions();
                root.configureLogging();
            } catch (SettingsFileException e) {
                if (parseResult.hasSubcommand()) {
                    err.println("paydesk: " + e.getMessage());
                    return FAILED;
                }
                // The desktop client shows the problem in a window: call() meets it again.
            } catch (IllegalArgumentException e) {
                err.println("paydesk: " + e.getMessage());
                return FAILED;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }

    /** Gives every command and subcommand a -h/--help option (the root has it from the standard mixin). */
    private static void addHelpOption(CommandLine line) {
        CommandLine.Model.CommandSpec spec = line.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        line.getSubcommands().values().forEach(PaydeskCommand::addHelpOption);
    }

    /** The one translation of failures into words ({@link ErrorMessages}), with the technical cause in the log. */
    static String explain(Exception e) {
        String words = ErrorMessages.explain(e);
        log().warn("command failed: {}", words, e);
        return words;
    }

    /**
     * Blank values are mistakes (an unset shell variable, a quoting slip), never a request for the
     * default: an empty --db-url must not quietly open a new embedded database.
     */
    void checkOptions() {
        refuseBlank("--db-url", dbUrl, "PAYDESK_DB_URL", "a JDBC URL such as jdbc:postgresql://host:5432/paydesk,"
                + " or neither for the embedded database");
        refuseBlank("--db-user", dbUser, "PAYDESK_DB_USER", "a user name, or neither");
        if (dataDir != null && dataDir.toString().isBlank()) {
            throw new IllegalArgumentException("--data-dir is empty: give a folder, or leave the option out");
        }
        String dataDirEnv = env.get("PAYDESK_DATA_DIR");
        if (dataDir == null && dataDirEnv != null && dataDirEnv.isBlank()) {
            throw new IllegalArgumentException("PAYDESK_DATA_DIR is set but empty: give a folder, or unset it");
        }
    }

    private void refuseBlank(String option, String value, String variable, String instead) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(option + " is empty: give " + instead);
        }
        String fromEnv = env.get(variable);
        if (value == null && fromEnv != null && fromEnv.isBlank()) {
            throw new IllegalArgumentException(variable + " is set but empty: give " + instead + " (unset it)");
        }
    }

    /**
     * The database settings, each from the command line, else the environment, else the settings
     * file; with no URL anywhere, the embedded database. The settings file's password (or the
     * keyring) is read only when a server is named and no password was given otherwise.
     */
    DatabaseConfig databaseConfig() {
        String url = firstNonBlank(dbUrl, env.get("PAYDESK_DB_URL"));
        url = url != null ? url : settings().url();
        String user = firstNonBlank(dbUser, env.get("PAYDESK_DB_USER"));
        user = user != null ? user : settings().user();
        String password = firstNonBlank(dbPassword, env.get("PAYDESK_DB_PASSWORD"));
        if (password == null && url != null) {
            password = settings().password();
        }
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
        Path fromSettings = settings().dataDir();
        if (fromSettings != null) {
            return fromSettings;
        }
        return DataDirectories.userDataDir(env, osName, home);
    }

    /** The settings file named by --config, else PAYDESK_CONFIG, else the one in the user's config folder if it exists. */
    SettingsFile settings() {
        if (settings == null) {
            String fromEnv = env.get("PAYDESK_CONFIG");
            if (configFile != null) {
                settings = SettingsFile.load(configFile.toAbsolutePath(), true, keyring);
            } else if (fromEnv != null && !fromEnv.isBlank()) {
                settings = SettingsFile.load(Path.of(fromEnv).toAbsolutePath(), true, keyring);
            } else {
                settings = SettingsFile.load(DataDirectories.userSettingsFile(env, osName, home), false, keyring);
            }
        }
        return settings;
    }

    private void configureLogging() {
        Path folder = resolvedDataDir();
        DataDirectories.requireWritable(folder);
        Logging.configure(folder.resolve("logs"));
    }

    /** The first of two values that is set and not blank, else null (an empty variable does not hide the settings file). */
    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
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
        DatabaseConfig config;
        try {
            config = databaseConfig();
        } catch (SettingsFileException | IllegalArgumentException e) {
            // Started from a menu there is no terminal to read a message in: say it in a window too.
            err.println("paydesk: " + e.getMessage());
            DesktopApp.showStartFailure(e.getMessage());
            return GUI_STARTED;
        }
        DesktopApp.start(config, org.paydesk.ui.DesktopPreferences.at(DataDirectories.userSettingsFile(env, osName, home)
                .resolveSibling(org.paydesk.ui.DesktopPreferences.FILE_NAME)));
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
            Path target = output == null ? null : OutputFile.checked(output, "the export", "accounts." + chosen.name()
                    .toLowerCase(java.util.Locale.ROOT));
            try (Paydesk paydesk = root.open()) {
                if (target == null) {
                    OutputStream out = new BufferedOutputStream(root.out, 1 << 16);
                    paydesk.exporter().exportAccounts(chosen, out);
                    out.flush();
                } else {
                    long[] rows = new long[1];
                    OutputFile.write(target, out -> rows[0] = paydesk.exporter().exportAccounts(chosen, out));
                    root.err.println("Wrote " + rows[0] + " accounts to " + output);
                }
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Check the ledger's invariants over the whole ledger and re-verify the"
            + " checkpoint the paydays carry forward; exits non-zero if any failed.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        PaydeskCommand root;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--full", description = "Scan the whole ledger and re-verify the checkpoint (what check does"
                + " without an option; named for scripts that want to say so).")
        boolean full;

        @Option(names = "--incremental", description = "Check only what was written since the last verified"
                + " checkpoint, as the end of a payday does (quick; does not see a change below the checkpoint"
                + " that bypassed the database's triggers, which the full check does).")
        boolean incremental;

        @Override
        public Integer call() {
            if (full && incremental) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--full and --incremental exclude each other");
            }
            try (Paydesk paydesk = root.open()) {
                List<CheckResult> results;
                if (incremental) {
                    InvariantChecker.Verification v = paydesk.checker().runSinceCheckpoint();
                    root.out.println(v.from().map(cp -> "Checking what was written since checkpoint #" + cp.id()
                            + (cp.paydayId() == null ? "" : " (verified by payday #" + cp.paydayId() + ")") + ".")
                            .orElse("No verified checkpoint yet: checking the whole ledger."));
                    results = v.results();
                } else {
                    results = paydesk.checker().runAll();
                }
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

        @Option(names = "--weeks", defaultValue = "0", paramLabel = "K", description = "Then run K paydays (sandbox"
                + " gateway) and move them back to a week apart, the latest a week ago, so the payday history has"
                + " a past (default 0, at most " + MAX_WEEKS + ").")
        int weeks;

        static final int MAX_WEEKS = 52;

        @Override
        public Integer call() {
            if (participants < 1 || participants > DemoGenerator.MAX_PARTICIPANTS) {
                throw new IllegalArgumentException("--participants must be between 1 and "
                        + DemoGenerator.MAX_PARTICIPANTS + ", got " + participants);
            }
            if (weeks < 0 || weeks > MAX_WEEKS) {
                throw new IllegalArgumentException("--weeks must be between 0 and " + MAX_WEEKS + ", got " + weeks);
            }
            try (Paydesk paydesk = root.open()) {
                DemoGenerator.DemoResult result = paydesk.demo().generate(participants, seed,
                        new ThrottledProgress(root.err));
                root.out.printf("Generated %d participants and %d tips in %.1f s%n", result.participants(),
                        result.tips(), result.elapsed().toMillis() / 1000.0);
                if (weeks > 0) {
                    pastPaydays(paydesk);
                }
            }
            return 0;
        }

        /** K real paydays one after the other (forced after the first), then spread a week apart in the past. */
        private void pastPaydays(Paydesk paydesk) {
            long started = System.nanoTime();
            new DemoHistory(paydesk.database()).runPastPaydays(paydesk.payday(), paydesk.systemCaller(),
                    Workstation.osUser() + "@" + Workstation.hostName(), weeks,
                    (step, done, total) -> root.err.printf("Demo %s%n", step));
            root.out.printf("Ran %d paydays and moved them a week apart, the latest a week ago, in %.1f s%n", weeks,
                    (System.nanoTime() - started) / 1e9);
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
