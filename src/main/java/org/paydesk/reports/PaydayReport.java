package org.paydesk.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.paydesk.money.Money;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;

/**
 * One payday's report, from the command line ({@code payday report}) or the payday history screen:
 * a CSV with its statistics and its whole error list, or a one-page PDF summary with the figures,
 * the phases' seconds, the first errors and a chart of the recent paydays' volumes.
 */
public final class PaydayReport {

    /** How many paydays up to this one the chart shows. */
    static final int CHART_PAYDAYS = 12;

    /** The two forms of a report. */
    public enum Format {
        CSV, PDF;

        /** The file name extension, without the dot. */
        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a report is made of, read once. {@code recent} ends with {@code payday}, oldest first. */
    public record Contents(Paydays.Summary payday, List<PaydayError> errors, List<Paydays.Summary> recent) {
    }

    private final Paydays paydays;

    public PaydayReport(Paydays paydays) {
        this.paydays = paydays;
    }

    /** Reads payday {@code id}, its errors and the paydays before it; refuses an unknown id. */
    public Contents load(long id) {
        Paydays.Summary payday = paydays.find(id)
                .orElseThrow(() -> new IllegalArgumentException("there is no payday " + id + " (see payday list)"));
        List<Paydays.Summary> recent = new ArrayList<>(paydays.listUpTo(id, CHART_PAYDAYS));
        recent.sort(Comparator.comparingLong(Paydays.Summary::id));
        return new Contents(payday, paydays.errors(id), recent);
    }

    /**
     * The CSV: a {@code statistic,value} section with the names of DESIGN §10 (amounts as plain
     * decimals, phases as {@code phase.NAME} in seconds), a blank line, then one row per error.
     */
    public static void writeCsv(Contents contents, Writer out) throws IOException {
        // Flushed, not closed: the caller owns the writer.
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
        csv.printRecord("statistic", "value");
        csv.printRecord("started", contents.payday().tsStart());
        csv.printRecord("ended", contents.payday().tsEnd() == null ? "" : contents.payday().tsEnd());
        csv.printRecord("started_by", contents.payday().startedBy());
        JsonNode stats = contents.payday().stats().toJson();
        for (Iterator<Map.Entry<String, JsonNode>> fields = stats.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("phases")) {
                for (Iterator<Map.Entry<String, JsonNode>> phases = field.getValue().fields(); phases.hasNext(); ) {
                    Map.Entry<String, JsonNode> phase = phases.next();
                    csv.printRecord("phase." + phase.getKey(), phase.getValue().asText());
                }
            } else {
                csv.printRecord(field.getKey(), field.getValue().asText());
            }
        }
        csv.println();
        csv.printRecord("error_at", "phase", "participant", "counterparty", "message");
        for (PaydayError e : contents.errors()) {
            csv.printRecord(e.at(), e.phase().key(), nullToEmpty(e.participant()), nullToEmpty(e.counterparty()),
                    e.message());
        }
        csv.flush();
    }

    /** Writes the report in {@code format} to {@code out} (which the caller closes). */
    public static void write(Contents contents, Format format, Currency currency, Locale locale, ZoneId zone,
                             OutputStream out) throws IOException {
        if (format == Format.CSV) {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writeCsv(contents, writer);
            writer.flush();
        } else {
            writePdf(contents, currency, locale, zone, out);
        }
    }

    /** The one-page PDF summary, amounts in {@code currency} as {@code locale} writes them. */
    public static void writePdf(Contents contents, Currency currency, Locale locale, ZoneId zone, OutputStream out)
            throws IOException {
        new PdfSummary(contents, currency, locale, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale).withZone(zone))
                .write(out);
    }

    /** The rows of the figures table, in the order the PDF shows them. */
    static List<String[]> figures(PaydayStats s, Currency currency, Locale locale) {
        return List.of(
                row("Participants", count(s.participants(), locale)),
                row("Tippers", count(s.tippers(), locale)),
                row("Tips due", count(s.tips(), locale)),
                row("Transfers", count(s.transfers(), locale) + "  ·  " + money(s.transferVolume(), currency, locale)),
                row("Charges", count(s.charges(), locale) + "  ·  " + money(s.chargeVolume(), currency, locale)
                        + " (fees " + money(s.chargeFees(), currency, locale) + ")"),
                row("Cards failing / missing", count(s.cardsFailing(), locale) + " / " + count(s.cardsMissing(), locale)),
                row("Payouts", count(s.payouts(), locale) + "  ·  " + money(s.payoutVolume(), currency, locale)
                        + " (fees " + money(s.payoutFees(), currency, locale) + ")"),
                row("Payouts failing", count(s.payoutsFailing(), locale)),
                row("Owed created / expired", count(s.owedCreated(), locale) + " / " + count(s.owedExpired(), locale)),
                row("Refunds executed", count(s.refunds(), locale)),
                row("Errors", count(s.errors(), locale)));
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String count(long n, Locale locale) {
        return String.format(locale, "%,d", n);
    }

    static String money(BigDecimal amount, Currency currency, Locale locale) {
        return Money.format(amount, currency, locale);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
