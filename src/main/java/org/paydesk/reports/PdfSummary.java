package org.paydesk.reports;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.paydesk.payday.PaydayError;
import org.paydesk.payday.PaydayStats;
import org.paydesk.payday.Paydays;

/**
 * Lays out the one-page PDF of {@link PaydayReport}: heading, figures, phases, a bar chart of the
 * recent paydays' volumes drawn as vector shapes, the first errors.
 */
final class PdfSummary {

    private static final float MARGIN = 50;
    private static final int ERRORS_SHOWN = 12;
    private static final Color INK = new Color(0x24, 0x29, 0x2f);
    private static final Color MUTED = new Color(0x57, 0x60, 0x6a);
    private static final Color GRID = new Color(0xd0, 0xd7, 0xde);
    static final Color CHARGED = new Color(0x09, 0x69, 0xda);
    static final Color TRANSFERRED = new Color(0x1a, 0x7f, 0x37);
    static final Color PAID_OUT = new Color(0xbc, 0x4c, 0x00);

    private final PaydayReport.Contents contents;
    private final Currency currency;
    private final Locale locale;
    private final DateTimeFormatter when;
    private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    PdfSummary(PaydayReport.Contents contents, Currency currency, Locale locale, DateTimeFormatter when) {
        this.contents = contents;
        this.currency = currency;
        this.locale = locale;
        this.when = when;
    }

    void write(OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Payday #" + contents.payday().id());
            info.setCreator("Paydesk");
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            float width = page.getMediaBox().getWidth();
            float top = page.getMediaBox().getHeight() - MARGIN;
            try (PDPageContentStream pdf = new PDPageContentStream(document, page)) {
                float y = heading(pdf, top);
                y = figures(pdf, y - 24);
                y = phases(pdf, y - 10);
                y = chart(pdf, y - 30, width - 2 * MARGIN, 190);
                errors(pdf, y - 28);
            }
            document.save(out);
        }
    }

    private float heading(PDPageContentStream pdf, float y) throws IOException {
        Paydays.Summary p = contents.payday();
        text(pdf, bold, 20, INK, MARGIN, y - 20, "Payday #" + p.id());
        String state = p.open() ? "open, in " + p.phase().key() : "closed " + when.format(p.tsEnd());
        text(pdf, regular, 10, MUTED, MARGIN, y - 38, "Started " + when.format(p.tsStart()) + " by " + p.startedBy()
                + (p.forced() ? " (forced)" : "") + "  ·  " + state + "  ·  amounts in " + currency.getCurrencyCode());
        return y - 38;
    }

    private float figures(PDPageContentStream pdf, float y) throws IOException {
        for (String[] row : PaydayReport.figures(contents.payday().stats(), currency, locale)) {
            text(pdf, regular, 10, MUTED, MARGIN, y, row[0]);
            text(pdf, bold, 10, INK, MARGIN + 170, y, row[1]);
            y -= 16;
        }
        return y;
    }

    private float phases(PDPageContentStream pdf, float y) throws IOException {
        Map<String, Double> phases = contents.payday().stats().phases();
        String line = phases.isEmpty() ? "none yet" : phases.entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(locale, "%.1f s", e.getValue()))
                .collect(Collectors.joining("  ·  "));
        text(pdf, regular, 9, MUTED, MARGIN, y, "Seconds per phase: " + line);
        return y;
    }

    /** Grouped bars per payday: charged to cards, transferred between members and paid out to banks, on one scale. */
    private float chart(PDPageContentStream pdf, float top, float width, float height) throws IOException {
        List<Paydays.Summary> recent = contents.recent();
        text(pdf, bold, 11, INK, MARGIN, top, "Volumes of the recent paydays");
        legend(pdf, MARGIN + width - 240, top, CHARGED, "charged");
        legend(pdf, MARGIN + width - 160, top, TRANSFERRED, "transferred");
        legend(pdf, MARGIN + width - 65, top, PAID_OUT, "paid out");
        float bottom = top - height;
        float plotLeft = MARGIN + 60;
        float plotWidth = width - 60;
        float plotTop = top - 18;
        float plotHeight = plotTop - bottom - 16;
        BigDecimal max = recent.stream().map(Paydays.Summary::stats)
                .flatMap(s -> java.util.stream.Stream.of(s.chargeVolume(), s.transferVolume(), s.payoutVolume()))
                .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        BigDecimal scale = niceCeiling(max);
        // Five steps of a 1-2-5 scale are round numbers.
        for (int i = 0; i <= 5; i++) {
            float gy = bottom + 16 + plotHeight * i / 5;
            line(pdf, GRID, plotLeft, gy, plotLeft + plotWidth, gy);
            BigDecimal value = scale.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(5), 2, RoundingMode.HALF_UP);
            String label = PaydayReport.money(value, currency, locale).replaceAll("[.,]00$", "");
            text(pdf, regular, 7, MUTED, plotLeft - 6 - width(regular, 7, label), gy - 2, label);
        }
        if (recent.isEmpty() || scale.signum() == 0) {
            text(pdf, regular, 9, MUTED, plotLeft + 10, bottom + 16 + plotHeight / 2, "No volume to chart yet.");
            return bottom;
        }
        float slot = plotWidth / recent.size();
        float bar = Math.min(14, slot / 4);
        for (int i = 0; i < recent.size(); i++) {
            PaydayStats s = recent.get(i).stats();
            float x = plotLeft + slot * i + slot / 2 - 1.5f * bar;
            bar(pdf, CHARGED, x, bottom + 16, bar, barHeight(s.chargeVolume(), scale, plotHeight));
            bar(pdf, TRANSFERRED, x + bar, bottom + 16, bar, barHeight(s.transferVolume(), scale, plotHeight));
            bar(pdf, PAID_OUT, x + 2 * bar, bottom + 16, bar, barHeight(s.payoutVolume(), scale, plotHeight));
            String label = "#" + recent.get(i).id();
            text(pdf, recent.get(i).id() == contents.payday().id() ? bold : regular, 7, INK,
                    x + 1.5f * bar - width(regular, 7, label) / 2, bottom + 4, label);
        }
        return bottom;
    }

    private void errors(PDPageContentStream pdf, float y) throws IOException {
        List<PaydayError> errors = contents.errors();
        text(pdf, bold, 11, INK, MARGIN, y, errors.isEmpty() ? "No errors"
                : "Errors (" + Math.min(ERRORS_SHOWN, errors.size()) + " of " + errors.size() + "; the CSV has all)");
        y -= 15;
        for (PaydayError e : errors.subList(0, Math.min(ERRORS_SHOWN, errors.size()))) {
            String who = e.participant() == null ? "" : e.participant() + (e.counterparty() == null ? "" : " -> "
                    + e.counterparty()) + ": ";
            String line = e.phase().key() + "  " + who + e.message();
            text(pdf, regular, 8, INK, MARGIN, y, clip(line, 490));
            y -= 12;
        }
    }

    private static float barHeight(BigDecimal value, BigDecimal scale, float plotHeight) {
        return value.divide(scale, 6, RoundingMode.HALF_UP).floatValue() * plotHeight;
    }

    /** 1, 2 or 5 times a power of ten at or above {@code max}. */
    static BigDecimal niceCeiling(BigDecimal max) {
        if (max.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal power = BigDecimal.ONE;
        while (power.multiply(BigDecimal.TEN).compareTo(max) < 0) {
            power = power.multiply(BigDecimal.TEN);
        }
        for (int step : new int[] {1, 2, 5, 10}) {
            BigDecimal candidate = power.multiply(BigDecimal.valueOf(step));
            if (candidate.compareTo(max) >= 0) {
                return candidate;
            }
        }
        return power.multiply(BigDecimal.TEN);
    }

    private void legend(PDPageContentStream pdf, float x, float y, Color color, String label) throws IOException {
        bar(pdf, color, x, y - 1, 9, 9);
        text(pdf, regular, 9, MUTED, x + 13, y, label);
    }

    private static void bar(PDPageContentStream pdf, Color color, float x, float y, float w, float h) throws IOException {
        pdf.setNonStrokingColor(color);
        pdf.addRect(x, y, w, Math.max(h, 0.5f));
        pdf.fill();
    }

    private static void line(PDPageContentStream pdf, Color color, float x1, float y1, float x2, float y2)
            throws IOException {
        pdf.setStrokingColor(color);
        pdf.setLineWidth(0.5f);
        pdf.moveTo(x1, y1);
        pdf.lineTo(x2, y2);
        pdf.stroke();
    }

    private void text(PDPageContentStream pdf, PDFont font, float size, Color color, float x, float y, String text)
            throws IOException {
        pdf.beginText();
        pdf.setFont(font, size);
        pdf.setNonStrokingColor(color);
        pdf.newLineAtOffset(x, y);
        pdf.showText(printable(font, text));
        pdf.endText();
    }

    private String clip(String text, float maxWidth) throws IOException {
        String safe = printable(regular, text);
        if (width(regular, 8, safe) <= maxWidth) {
            return safe;
        }
        while (!safe.isEmpty() && width(regular, 8, safe + "…") > maxWidth) {
            safe = safe.substring(0, safe.length() - 1);
        }
        return safe + "…";
    }

    private static float width(PDFont font, float size, String text) throws IOException {
        return font.getStringWidth(printable(font, text)) / 1000 * size;
    }

    /** The standard PDF fonts cover Western European text only: anything else shows as '?'. */
    private static String printable(PDFont font, String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                out.append(Character.isISOControl(cp) ? ' ' : '?');
            }
        });
        return out.toString();
    }
}
