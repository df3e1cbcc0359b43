package org.paydesk.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import org.paydesk.payday.Paydays;
import org.paydesk.reports.PaydayReport;

/**
 * Writes one payday's report to a file, whole or not at all ({@link OutputFile}): the one way for
 * {@code payday report} and the payday history screen's export buttons.
 */
public final class PaydayReportFile {

    private PaydayReportFile() {
    }

    /** The file name suggested for payday {@code id}'s report in {@code format}. */
    public static String suggestedName(long id, PaydayReport.Format format) {
        return "payday-" + id + "." + format.extension();
    }

    /** Refuses, in words and before any work, a path that cannot take the report; else the path to write. */
    public static Path checked(Path output, long id, PaydayReport.Format format) {
        return OutputFile.checked(output, "the report", suggestedName(id, format));
    }

    /** Reads payday {@code id} and writes its report in {@code format} to {@code output}. */
    public static void write(Paydays paydays, Currency currency, Locale locale, ZoneId zone, long id,
                             PaydayReport.Format format, Path output) throws IOException {
        Path target = checked(output, id, format);
        PaydayReport.Contents contents = new PaydayReport(paydays).load(id);
        OutputFile.write(target, out -> PaydayReport.write(contents, format, currency, locale, zone, out));
    }
}
