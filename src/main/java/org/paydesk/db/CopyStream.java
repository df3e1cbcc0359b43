package org.paydesk.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into one {@code COPY table (columns) FROM STDIN} in PostgreSQL's text format, so a
 * whole table is one statement (and its statement triggers see every row at once). Text values
 * are escaped (backslash, tab, newline, carriage return), so any text a check let through is
 * written as it is.
 */
public final class CopyStream implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder pending = new StringBuilder(FLUSH_AT + 1024);
    private boolean firstInRow = true;
    private long rows;

    private CopyStream(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code COPY table (columns) FROM STDIN}; prefer {@link BulkLoad#copy}, which finishes it. */
    static CopyStream open(Connection c, String table, String columns) throws SQLException {
        String sql = "copy " + table + " (" + columns + ") from stdin";
        return new CopyStream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
    }

    public CopyStream value(long number) {
        separate();
        pending.append(number);
        return this;
    }

    /** A number, or NULL. */
    public CopyStream nullable(Long number) {
        return number == null ? value((String) null) : value(number.longValue());
    }

    /** Text, or NULL. */
    public CopyStream value(String text) {
        separate();
        if (text == null) {
            pending.append("\\N");
            return this;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> pending.append("\\\\");
                case '\t' -> pending.append("\\t");
                case '\n' -> pending.append("\\n");
                case '\r' -> pending.append("\\r");
                default -> pending.append(ch);
            }
        }
        return this;
    }

    /** An exact amount, written as it is ("12.30"). */
    public CopyStream amount(BigDecimal amount) {
        separate();
        pending.append(amount.toPlainString());
        return this;
    }

    /** An amount of money given in cents, written with two decimals ("-12.05"). */
    public CopyStream cents(long cents) {
        separate();
        if (cents < 0) {
            pending.append('-');
        }
        long positive = Math.abs(cents);
        pending.append(positive / 100).append('.');
        long fraction = positive % 100;
        if (fraction < 10) {
            pending.append('0');
        }
        pending.append(fraction);
        return this;
    }

    /** A timestamptz given in seconds since the epoch, written in UTC. */
    public CopyStream timestamp(long epochSecond) {
        separate();
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        pending.append(t.getYear()).append('-');
        twoDigits(t.getMonthValue()).append('-');
        twoDigits(t.getDayOfMonth()).append(' ');
        twoDigits(t.getHour()).append(':');
        twoDigits(t.getMinute()).append(':');
        twoDigits(t.getSecond()).append("+00");
        return this;
    }

    public void endRow() throws SQLException {
        pending.append('\n');
        firstInRow = true;
        rows++;
        if (pending.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** Ends the COPY; returns the number of rows written. */
    public long finish() throws SQLException {
        flush();
        copy.endCopy();
        return rows;
    }

    /** Abandons an unfinished COPY (its rows are not written); the transaction fails anyway. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void separate() {
        if (!firstInRow) {
            pending.append('\t');
        }
        firstInRow = false;
    }

    private StringBuilder twoDigits(int value) {
        if (value < 10) {
            pending.append('0');
        }
        return pending.append(value);
    }

    private void flush() throws SQLException {
        if (pending.length() > 0) {
            byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            pending.setLength(0);
        }
    }
}
