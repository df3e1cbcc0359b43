package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.db.DatabaseConfig;
import org.paydesk.testing.TestDatabases;

/** {@code payday report ID --format csv|pdf -o FILE}: written whole, or refused in words with nothing left behind. */
class PaydayReportCommandTest {

    @TempDir
    static Path dir;
    private static DatabaseConfig db;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void aPlatformWithOnePayday() throws Exception {
        db = TestDatabases.freshConfig();
        Path platform = Files.writeString(dir.resolve("platform.json"), """
                {"participants": [{"username": "rep_a", "review": "WHITELISTED", "card": "card_ok"},
                                  {"username": "rep_b", "review": "WHITELISTED", "bank": "bank_ok"}],
                 "tips": [{"tipper": "rep_a", "tippee": "rep_b", "amount": "3.00"}]}""");
        assertThat(run("import", platform.toString()).exitCode()).isZero();
        assertThat(run("payday", "run").exitCode()).isZero();
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
                "--data-dir", dir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaydeskCommand.execute(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesACsvAndAPdf() throws Exception {
        Path csv = dir.resolve("payday-1.csv");
        Path pdf = dir.resolve("payday-1.pdf");

        Run wroteCsv = run("payday", "report", "1", "--format", "csv", "-o", csv.toString());
        Run wrotePdf = run("payday", "report", "1", "--format", "PDF", "-o", pdf.toString());

        assertThat(wroteCsv.exitCode()).as(wroteCsv.err()).isZero();
        assertThat(wroteCsv.err()).contains("Wrote the report of payday 1 to " + csv);
        assertThat(Files.readString(csv)).startsWith("statistic,value\n").contains("\ncharges,1\n")
                .contains("\nerror_at,phase,participant,counterparty,message\n");
        assertThat(wrotePdf.exitCode()).as(wrotePdf.err()).isZero();
        assertThat(Files.readAllBytes(pdf)).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void badArgumentsAreRefusedInWordsAndLeaveNoFile() throws Exception {
        Path missingFolder = dir.resolve("nowhere").resolve("r.csv");

        Run noFolder = run("payday", "report", "1", "--format", "csv", "-o", missingFolder.toString());
        Run aFolder = run("payday", "report", "1", "--format", "csv", "-o", dir.toString());
        Run noPayday = run("payday", "report", "42", "--format", "csv", "-o", dir.resolve("r42.csv").toString());
        Run badFormat = run("payday", "report", "1", "--format", "docx", "-o", dir.resolve("r.docx").toString());

        assertThat(noFolder.exitCode()).isNotZero();
        assertThat(noFolder.err()).contains("the folder " + missingFolder.getParent() + " does not exist");
        assertThat(aFolder.err()).contains("cannot write the report to " + dir + ": it is a folder; give a file name");
        assertThat(noPayday.err()).contains("there is no payday 42 (see payday list)");
        assertThat(badFormat.exitCode()).isNotZero();
        assertThat(badFormat.err()).contains("docx");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp") || name.equals("r42.csv") || name.equals("r.docx"));
        }
    }
}
