package org.paydesk.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.paydesk.payday.PaydayCancelledException;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayProgress;
import org.paydesk.payday.PaydayPreview;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;
import org.paydesk.processor.Workstation;
import org.paydesk.reports.PaydayReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code payday run | show | list} (DESIGN §10). */
@Command(name = "payday", description = "Run the weekly payday, or look at past ones.",
        subcommands = {PaydayCommand.Preview.class, PaydayCommand.Run.class, PaydayCommand.Show.class, PaydayCommand.ListPaydays.class,
                PaydayCommand.Report.class})
final class PaydayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: payday preview, payday run, payday show ID, payday list or payday report ID");
    }

    static PaydeskCommand root(CommandLine.Model.CommandSpec spec) {
        CommandLine line = spec.commandLine();
        while (line.getParent() != null) {
            line = line.getParent();
        }
        return line.getCommand();
    }

    @Command(name = "preview", description = "What the next payday would do on the data as it is now, assuming every"
            + " charge and payout succeeds. Writes nothing and calls no gateway.")
    static final class Preview implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the figures as JSON (the keys of payday run --json where they"
                + " mean the same).")
        boolean json;

        @Override
        public Integer call() {
            PaydeskCommand root = root(spec);
            try (Paydesk paydesk = root.open()) {
                PaydayPreview.Figures preview = paydesk.paydayPreview().compute();
                if (json) {
                    root.out().println(preview.toJson().toPrettyString());
                } else {
                    preview.lines().forEach(root.out()::println);
                }
                return 0;
            }
        }
    }

    @Command(name = "run", description = "Start the payday, or resume the open one. Progress goes to standard error.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the statistics as JSON.")
        boolean json;

        @Option(names = "--force", description = "Start even within 6 days of the last payday (audited).")
        boolean force;

        @Override
        public Integer call() {
            PaydeskCommand root = root(spec);
            try (Paydesk paydesk = root.open(); CancelSignals signals = CancelSignals.install(root.err())) {
                PaydayRunner.Options options = PaydayRunner.Options.of(paydesk.systemCaller(),
                        Workstation.osUser() + "@" + Workstation.hostName(), force);
                PaydayStats stats;
                try {
                    stats = paydesk.payday().run(options, new StderrProgress(root.err()), signals);
                } catch (PaydayCancelledException e) {
                    root.err().println("paydesk: " + e.getMessage() + "; the processor is released");
                    return signals.exitCode();
                }
                print(root.out(), stats, json);
                return stats.errors() == 0 ? 0 : PaydeskCommand.FAILED;
            }
        }
    }

    @Command(name = "show", description = "One payday's statistics and errors.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The payday's number (see payday list).")
        long id;

        @Option(names = "--json", description = "Print the statistics as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PaydeskCommand root = root(spec);
            try (Paydesk paydesk = root.open()) {
                Paydays.Summary summary = paydesk.paydays().find(id)
                        .orElseThrow(() -> new IllegalArgumentException("there is no payday " + id + " (see payday list)"));
                if (json) {
                    root.out().println(summary.stats().toJson().toPrettyString());
                } else {
                    root.out().printf("Payday %d: started %s%s, %s%n", summary.id(), summary.tsStart(),
                            summary.forced() ? " (forced)" : "", summary.open() ? "open, in " + summary.phase().key()
                                    : "closed " + summary.tsEnd());
                    print(root.out(), summary.stats(), false);
                    List<PaydayError> errors = paydesk.paydays().errors(id);
                    for (PaydayError e : errors) {
                        root.out().printf("  error %s %s%s: %s%n", e.at(), e.phase().key(),
                                e.participant() == null ? "" : " " + e.participant(), e.message());
                    }
                    paydesk.backupFolder().ifPresent(folder -> {
                        for (var backup : org.paydesk.backup.BackupService.list(folder)) {
                            root.out().printf("  backup %s, %d bytes%n", backup.file(), backup.bytes());
                        }
                    });
                }
                return 0;
            }
        }
    }

    @Command(name = "list", description = "The latest paydays.")
    static final class ListPaydays implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "How many (default 20).")
        int limit;

        @Option(names = "--json", description = "Print the paydays as a JSON array (each with its statistics).")
        boolean json;

        @Override
        public Integer call() {
            PaydeskCommand root = root(spec);
            try (Paydesk paydesk = root.open()) {
                List<Paydays.Summary> all = paydesk.paydays().list(Math.max(1, limit));
                if (json) {
                    com.fasterxml.jackson.databind.node.ArrayNode array = new com.fasterxml.jackson.databind.ObjectMapper()
                            .createArrayNode();
                    for (Paydays.Summary s : all) {
                        var o = array.addObject().put("id", s.id()).put("started", s.tsStart().toString())
                                .put("ended", s.tsEnd() == null ? null : s.tsEnd().toString())
                                .put("state", s.open() ? s.phase().key() : "closed").put("forced", s.forced())
                                .put("started_by", s.startedBy());
                        o.set("stats", s.stats().toJson());
                    }
                    root.out().println(array.toPrettyString());
                    return 0;
                }
                if (all.isEmpty()) {
                    root.out().println("No payday has run yet.");
                    return 0;
                }
                TextTable table = TextTable.of(">id", "started (UTC)", "state", ">transfers", ">volume", ">payouts", ">errors");
                for (Paydays.Summary s : all) {
                    table.row(s.id(), s.tsStart().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            s.open() ? s.phase().key() : "closed", s.stats().transfers(),
                            s.stats().transferVolume().toPlainString(), s.stats().payouts(), s.stats().errors());
                }
                table.print(root.out());
                return 0;
            }
        }
    }

    @Command(name = "report", description = "One payday's report: its statistics and error list as CSV, or a one-page"
            + " PDF summary with a chart of the recent paydays.")
    static final class Report implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The payday's number (see payday list).")
        long id;

        @Option(names = "--format", required = true, paramLabel = "csv|pdf", description = "csv or pdf.")
        PaydayReport.Format format;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
        Path output;

        @Override
        public Integer call() throws IOException {
            PaydeskCommand root = root(spec);
            PaydayReportFile.checked(output, id, format);
            try (Paydesk paydesk = root.open()) {
                PaydayReportFile.write(paydesk.paydays(), paydesk.settings().currency(), Locale.getDefault(),
                        ZoneId.systemDefault(), id, format, output);
                root.err().println("Wrote the report of payday " + id + " to " + output);
                return 0;
            }
        }
    }

    static void print(PrintStream out, PaydayStats stats, boolean json) {
        if (json) {
            out.println(stats.toJson().toPrettyString());
            return;
        }
        out.printf("Payday %d: %d participants, %d tips due, %d tippers%n", stats.id(), stats.participants(), stats.tips(),
                stats.tippers());
        out.printf("  transfers %d (%s), owed created %d, owed expired %d%n", stats.transfers(),
                stats.transferVolume().toPlainString(), stats.owedCreated(), stats.owedExpired());
        out.printf("  charges %d (%s, fees %s), cards failing %d, cards missing %d%n", stats.charges(),
                stats.chargeVolume().toPlainString(), stats.chargeFees().toPlainString(), stats.cardsFailing(),
                stats.cardsMissing());
        out.printf("  payouts %d (%s, fees %s), payouts failing %d, refunds %d, errors %d%n", stats.payouts(),
                stats.payoutVolume().toPlainString(), stats.payoutFees().toPlainString(), stats.payoutsFailing(),
                stats.refunds(), stats.errors());
        out.printf("  seconds per phase: %s%n", stats.phases());
    }

    /** One progress line every few seconds, and every error as it happens. */
    static final class StderrProgress implements PaydayListener {
        private final PrintStream err;
        private long lastLine;

        StderrProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void phaseStarted(long paydayId, org.paydesk.payday.Phase phase, long total) {
            err.printf("payday %d: %s%s%n", paydayId, phase.key(), total > 0 ? " (" + total + " to do)" : "");
            lastLine = System.nanoTime();
        }

        @Override
        public void progress(PaydayProgress p) {
            long now = System.nanoTime();
            if (now - lastLine < 3_000_000_000L) {
                return;
            }
            lastLine = now;
            Duration eta = p.eta();
            var c = p.counters();
            err.printf("payday %d: %s %d/%d (%.0f%%), %.0f/s, ETA %s; charges %d, transfers %d, payouts %d, errors %d%n",
                    p.paydayId(), p.phase().key(), p.done(), p.total(), p.fraction() * 100, p.ratePerSecond(),
                    eta == null ? "?" : eta.toSeconds() + "s", c.charges(), c.transfers(), c.payouts(), c.errors());
        }

        @Override
        public void error(PaydayError e) {
            err.printf("payday %d: error in %s%s: %s%n", e.paydayId(), e.phase().key(),
                    e.participant() == null ? "" : " for " + e.participant(), e.message());
        }
    }
}
