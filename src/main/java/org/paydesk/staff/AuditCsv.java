package org.paydesk.staff;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Writes the audit rows a filter matches to a CSV file (RFC 4180, UTF-8), newest first, reading
 * them a page at a time. The file is written whole or not at all: into a temporary file beside it,
 * moved into place once complete.
 */
public final class AuditCsv {

    static final String HEADER = "id,at_utc,staff,os_user,host,action,target_type,target_id,change,before,after,detail";

    private final AuditTrail trail;

    public AuditCsv(AuditTrail trail) {
        this.trail = trail;
    }

    /** Writes every row {@code filter} matches to {@code target}; returns how many. Stops, writing nothing, once {@code cancelled}. */
    public long write(Caller caller, AuditTrail.Filter filter, Path target, BooleanSupplier cancelled) {
        Path file = target.toAbsolutePath().normalize();
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("cannot write the audit log to " + target + ": the folder does not exist");
        }
        try {
            Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            try {
                long count = 0;
                try (Writer out = new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
                    out.write(HEADER);
                    out.write("\r\n");
                    AuditTrail.Filter page = filter;
                    while (true) {
                        if (cancelled.getAsBoolean()) {
                            throw new IllegalStateException("the export was cancelled; no file was written");
                        }
                        List<AuditTrail.Row> rows = trail.list(caller, page, AuditTrail.MAX_PAGE);
                        for (AuditTrail.Row r : rows) {
                            line(out, Long.toString(r.id()), r.at().toString(), r.staff(), r.osUser(), r.host(), r.action(),
                                    r.targetType(), r.targetId(), AuditDiff.summary(r.before(), r.after()), r.before(),
                                    r.after(), r.detail());
                        }
                        count += rows.size();
                        if (rows.size() < AuditTrail.MAX_PAGE) {
                            break;
                        }
                        page = filter.before(rows.get(rows.size() - 1).id());
                    }
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return count;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write the audit log to " + target + ": " + e.getMessage(), e));
        }
    }

    private static void line(Writer out, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /** Quoted when needed; a text a spreadsheet would run as a formula gets a leading apostrophe. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+(\\.\\d+)?")
                ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
