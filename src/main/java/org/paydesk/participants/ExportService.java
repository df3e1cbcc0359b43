package org.paydesk.participants;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.paydesk.money.Money;

/**
 * Writes every participant's account (DESIGN §10 {@code export accounts}) as JSON or CSV, streamed
 * from a database cursor so a million accounts need no more memory than one.
 */
public final class ExportService {

    public enum Format { JSON, CSV }

    static final String[] COLUMNS = {
        "username", "review", "balance", "owed", "pending", "last_charge_result", "last_payout_result"
    };

    private final ParticipantDirectory directory;

    public ExportService(ParticipantDirectory directory) {
        this.directory = directory;
    }

    /** Writes all accounts to {@code out}; returns how many. {@code out} is flushed, not closed. */
    public long exportAccounts(Format format, OutputStream out) {
        try {
            return format == Format.JSON ? json(out) : csv(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long json(OutputStream out) throws IOException {
        long[] count = {0};
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        directory.forEach(row -> {
            try {
                g.writeStartObject();
                g.writeStringField("username", row.username());
                g.writeStringField("review", row.review().name());
                g.writeStringField("balance", amount(row.balance()));
                g.writeStringField("owed", amount(row.owed()));
                g.writeStringField("pending", amount(row.pending()));
                g.writeStringField("last_charge_result", row.lastChargeResult());
                g.writeStringField("last_payout_result", row.lastPayoutResult());
                g.writeEndObject();
                count[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        g.writeEndArray();
        g.writeRaw(System.lineSeparator());
        g.close();
        out.flush();
        return count[0];
    }

    private long csv(OutputStream out) throws IOException {
        long[] count = {0};
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(COLUMNS).get().print(writer);
        directory.forEach(row -> {
            try {
                printer.printRecord(row.username(), row.review().name(), amount(row.balance()), amount(row.owed()),
                        amount(row.pending()), nullToEmpty(row.lastChargeResult()), nullToEmpty(row.lastPayoutResult()));
                count[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        printer.flush();
        return count[0];
    }

    private static String amount(BigDecimal value) {
        return Money.plain(value);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
