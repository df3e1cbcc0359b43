package org.paydesk.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for the command line: every column as wide as its widest cell, headers
 * underlined, number columns aligned right. Cells are never cut; a table with no rows prints
 * nothing, so the caller says in words that there is nothing to show.
 */
final class TextTable {

    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    private TextTable(String[] headers) {
        this.headers = headers.clone();
        this.right = new boolean[headers.length];
    }

    /** A table with these column headers; a header starting with '>' is right-aligned (the '>' is not shown). */
    static TextTable of(String... headers) {
        TextTable table = new TextTable(headers);
        for (int i = 0; i < headers.length; i++) {
            if (headers[i].startsWith(">")) {
                table.right[i] = true;
                table.headers[i] = headers[i].substring(1);
            }
        }
        return table;
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row needs " + headers.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c.toString().replace('\n', ' ')).toArray(String[]::new));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(headers, widths));
        String[] rules = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rules[i] = "-".repeat(widths[i]);
        }
        out.println(line(rules, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append("  ");
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            boolean last = i == cells.length - 1;
            text.append(right[i] ? pad + cells[i] : last ? cells[i] : cells[i] + pad);
        }
        return text.toString();
    }
}
