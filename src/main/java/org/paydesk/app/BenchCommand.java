package org.paydesk.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.paydesk.participants.AccountQuery;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.AccountSort;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.participants.Review;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.gateway.SandboxGateway;
import org.paydesk.payday.RefundPhase;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.PaydayStats;
import org.paydesk.processor.Workstation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench payday}: a demo platform in a fresh embedded database, one payday, figures as JSON. */
@Command(name = "bench", description = "Measure Paydesk on generated data.", subcommands = {BenchCommand.Payday.class,
        BenchCommand.UiSearch.class, StartupBench.class})
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to measure: bench payday, bench ui-search or bench startup");
    }

    @Command(name = "payday", description = "Build a demo platform in a fresh temporary embedded database, time the"
            + " payday preview, run one payday (or K in a row), print sizes, seconds per phase, transfers per second"
            + " and peak heap as JSON.")
    static final class Payday implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--participants", required = true, paramLabel = "N")
        int participants;

        @Option(names = "--tips-per-participant", defaultValue = "2", paramLabel = "K",
                description = "Average tips per participant (default 2).")
        double tipsPerParticipant;

        @Option(names = "--gateway-latency-ms", defaultValue = "0", paramLabel = "L",
                description = "Simulated latency of each gateway call (default 0).")
        int latencyMs;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S")
        long seed;

        @Option(names = "--weeks", defaultValue = "1", paramLabel = "K", description = "Run K consecutive paydays,"
                + " each forced, one after the other (the clock is not moved), and print each one's seconds per phase"
                + " under \"weeks\" (default 1, at most " + MAX_WEEKS + ").")
        int weeks;

        static final int MAX_WEEKS = 52;

        @Override
        public Integer call() throws IOException {
            if (weeks < 1 || weeks > MAX_WEEKS) {
                throw new IllegalArgumentException("--weeks must be from 1 to " + MAX_WEEKS + ", got " + weeks);
            }
            if (participants < 1) {
                throw new IllegalArgumentException("--participants must be at least 1, got " + participants);
            }
            if (tipsPerParticipant < 0 || tipsPerParticipant > 50) {
                throw new IllegalArgumentException("--tips-per-participant must be between 0 and 50, got " + tipsPerParticipant);
            }
            if (latencyMs < 0 || latencyMs > 10_000) {
                throw new IllegalArgumentException("--gateway-latency-ms must be between 0 and 10000, got " + latencyMs);
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            Path scratch = Files.createTempDirectory("paydesk-bench");
            try {
                return measure(root, scratch);
            } finally {
                deleteTree(scratch);
            }
        }

        private int measure(PaydeskCommand root, Path scratch) {
            ObjectNode result = new ObjectMapper().createObjectNode();
            ObjectNode machine = result.putObject("machine");
            machine.put("cores", Runtime.getRuntime().availableProcessors());
            machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1 << 20));
            machine.put("java", System.getProperty("java.version"));
            machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            try (Paydesk paydesk = Paydesk.open(DatabaseConfig.embedded(scratch))) {
                long demoStart = System.nanoTime();
                DemoGenerator.DemoResult demo = paydesk.demo().generate(participants, seed, tipsPerParticipant,
                        new PaydeskCommand.ThrottledProgress(root.err()));
                double demoSeconds = (System.nanoTime() - demoStart) / 1e9;
                result.put("participants", demo.participants());
                result.put("tips", demo.tips());
                result.put("gateway_latency_ms", latencyMs);
                result.put("demo_seconds", round(demoSeconds));

                // The preview first, on the same data: the operator's look before the run, timed against it.
                root.err().println("preview of payday 1");
                org.paydesk.payday.PaydayPreview.Figures preview = paydesk.paydayPreview().compute();
                result.put("preview_seconds", round(preview.elapsed().toNanos() / 1e9));
                result.put("preview_transfers", preview.transfers());

                PaydayRunner runner = new PaydayRunner(paydesk.database(), paydesk.settings(),
                        SandboxGateway.onOwnPool(paydesk.database(), Duration.ofMillis(latencyMs)),
                        paydesk.processor(), RefundPhase.NOTHING_APPROVED);
                resetPeaks();
                ArrayNode perWeek = result.putArray("weeks");
                result.put("spacing", "each payday forced right after the one before: a week apart in payday order,"
                        + " not on the clock (no time is shifted, so owed amounts do not age between them; with the"
                        + " default owed.expiry_weeks = 4 nothing would expire before the 6th payday either way);"
                        + " each after a checkpoint, timed apart, as a payday days after the last write would find the server");
                for (int week = 1; week <= weeks; week++) {
                    double checkpointSeconds = checkpoint(paydesk);
                    long start = System.nanoTime();
                    PaydayStats stats = runner.run(PaydayRunner.Options.of(paydesk.systemCaller(),
                            Workstation.hostName(), true), new PaydayCommand.StderrProgress(root.err()), () -> false);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    ObjectNode w = perWeek.addObject();
                    w.put("week", week);
                    w.put("checkpoint_before_seconds", checkpointSeconds);
                    w.put("payday", stats.id());
                    w.put("payday_seconds", round(seconds));
                    w.set("phases", stats.toJson().get("phases"));
                    w.put("checks", checksMode(paydesk, stats.id()));
                    w.put("transfers", stats.transfers());
                    w.put("owed_created", stats.owedCreated());
                    w.put("errors", stats.errors());
                    w.put("postings_in_ledger", count(paydesk, "select count(*) from posting"));
                    if (week == 1) {
                        result.put("payday_seconds", round(seconds));
                        result.set("phases", stats.toJson().get("phases"));
                        result.put("transfers", stats.transfers());
                        result.put("transfers_per_second", Math.round(stats.transfers() / seconds));
                        result.put("charges", stats.charges());
                        result.put("cards_failing", stats.cardsFailing());
                        result.put("payouts", stats.payouts());
                        result.put("owed_created", stats.owedCreated());
                        result.put("errors", stats.errors());
                    }
                }
                result.put("peak_heap_mb", peakHeapMb());
                long databaseBytes = paydesk.database().read(c -> {
                    try (PreparedStatement s = c.prepareStatement("select pg_database_size(current_database())");
                         ResultSet rs = s.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                result.put("database_mb", databaseBytes / (1 << 20));
            }
            root.out().println(result.toPrettyString());
            return 0;
        }

        /** How the payday's end checked the ledger, as the checkpoint it made says. */
        private static String checksMode(Paydesk paydesk, long paydayId) {
            return paydesk.database().read(c -> {
                try (PreparedStatement s = c.prepareStatement("select full_scan from ledger_checkpoint where payday_id = ?")) {
                    s.setLong(1, paydayId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            return "failed: checkpoint not advanced";
                        }
                        return rs.getBoolean(1) ? "whole ledger (no checkpoint yet), checkpoint made"
                                : "since the checkpoint, checkpoint advanced";
                    }
                }
            });
        }

        /**
         * A checkpoint, timed, before a payday is measured. Between real paydays the server has days
         * to write its dirty pages; here the demo's bulk load (2 GB of WAL at 1,000,000 participants)
         * or the payday just before would have its checkpoint fall inside the payday measured, and
         * every page the payday writes after a checkpoint goes into the WAL whole once more.
         */
        private static double checkpoint(Paydesk paydesk) {
            long start = System.nanoTime();
            // Any connection will do: CHECKPOINT writes no rows (the bench's own server, as its superuser).
            paydesk.database().read(c -> {
                try (PreparedStatement s = c.prepareStatement("checkpoint")) {
                    s.execute();
                }
                return null;
            });
            return round((System.nanoTime() - start) / 1e9);
        }

        private static long count(Paydesk paydesk, String sql) {
            return paydesk.database().read(c -> {
                try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        private static double round(double seconds) {
            return Math.round(seconds * 100) / 100.0;
        }

        private static void resetPeaks() {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        private static long peakHeapMb() {
            long bytes = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    bytes += pool.getPeakUsage().getUsed();
                }
            }
            return bytes / (1 << 20);
        }

        static void deleteTree(Path root) throws IOException {
            if (!Files.exists(root)) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    /**
     * {@code bench ui-search}: what the accounts screen asks the database, timed. Each query is the
     * first page (200 rows) the screen would show after the debounce, read through the same
     * {@link ParticipantDirectory#page} the screen calls; the figure is the round trip from asking to
     * having the rows, after one warm-up, median and worst of several runs.
     */
    @Command(name = "ui-search", description = "Build a demo platform in a fresh temporary embedded database and"
            + " time the accounts screen's queries (search as typed, sorts, filters, a deep page) as JSON.")
    static final class UiSearch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--participants", required = true, paramLabel = "N")
        int participants;

        @Option(names = "--runs", defaultValue = "5", paramLabel = "R",
                description = "Timed runs per query after one warm-up (default 5).")
        int runs;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S")
        long seed;

        @Override
        public Integer call() throws IOException {
            if (participants < 1 || participants > 10_000_000) {
                throw new IllegalArgumentException("--participants must be from 1 to 10000000, got " + participants);
            }
            if (runs < 1 || runs > 100) {
                throw new IllegalArgumentException("--runs must be from 1 to 100, got " + runs);
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            Path scratch = Files.createTempDirectory("paydesk-bench");
            try {
                return measure(root, scratch);
            } finally {
                Payday.deleteTree(scratch);
            }
        }

        private int measure(PaydeskCommand root, Path scratch) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode result = json.createObjectNode();
            result.put("cores", Runtime.getRuntime().availableProcessors());
            try (Paydesk paydesk = Paydesk.open(DatabaseConfig.embedded(scratch))) {
                long demoStart = System.nanoTime();
                DemoGenerator.DemoResult demo = paydesk.demo().generate(participants, seed,
                        new PaydeskCommand.ThrottledProgress(root.err()));
                result.put("participants", demo.participants());
                result.put("demo_seconds", Payday.round((System.nanoTime() - demoStart) / 1e9));
                paydesk.database().inTransaction(c -> {
                    try (PreparedStatement s = c.prepareStatement("analyze participant, account")) {
                        s.execute();
                    }
                    return null;
                });
                ParticipantDirectory directory = paydesk.participants();
                int page = 200;
                result.put("page_rows", page);
                result.put("runs", runs);
                ArrayNode queries = result.putArray("queries");
                AccountQuery all = AccountQuery.ALL;
                // Search as a user types it (the debounce sends the longer terms), then a rare and a missing one.
                for (String term : List.of("s", "sw", "swi", "swif", "swift", "swift-ot", "otter", "lotus-3", "maria",
                        "zzz-nobody")) {
                    queries.add(time(json, "search \"" + term + "\"", () -> directory.page(all.withSearch(term), null, page)));
                }
                for (AccountSort sort : AccountSort.values()) {
                    queries.add(time(json, "sort " + sort.name().toLowerCase() + " desc",
                            () -> directory.page(all.withSort(sort, true), null, page)));
                }
                queries.add(time(json, "search \"swift\" sorted by balance desc",
                        () -> directory.page(all.withSearch("swift").withSort(AccountSort.BALANCE, true), null, page)));
                queries.add(time(json, "filter suspicious", () -> directory.page(all.withReview(Review.SUSPICIOUS), null, page)));
                queries.add(time(json, "filter has card + owes money",
                        () -> directory.page(all.withFlags(true, false, true, false), null, page)));
                queries.add(time(json, "filter visible balance below zero",
                        () -> directory.page(all.withFlags(false, false, false, true), null, page)));
                List<AccountRow> first = directory.page(all.withSort(AccountSort.BALANCE, true), null, page);
                AccountRow last = first.isEmpty() ? null : first.get(first.size() - 1);
                queries.add(time(json, "next page sorted by balance desc",
                        () -> directory.page(all.withSort(AccountSort.BALANCE, true), last, page)));
                List<Long> shown = first.stream().map(AccountRow::id).toList();
                queries.add(time(json, "refresh of 200 shown rows", () -> directory.rowsByIds(shown)));
            }
            root.out().println(result.toPrettyString());
            return 0;
        }

        private ObjectNode time(ObjectMapper json, String name, Supplier<List<AccountRow>> query) {
            int rows = query.get().size();
            long[] micros = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                query.get();
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
            Arrays.sort(micros);
            ObjectNode node = json.createObjectNode();
            node.put("query", name);
            node.put("rows", rows);
            node.put("median_ms", micros[runs / 2] / 1000.0);
            node.put("max_ms", micros[runs - 1] / 1000.0);
            return node;
        }
    }
}
