package org.paydesk.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paydesk.app.Paydesk;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.payday.PaydayStats;
import org.paydesk.testing.Fixtures;
import org.paydesk.testing.TestDatabases;

/** A payday's report as CSV and as a one-page PDF, read back and checked against the payday's own figures. */
class PaydayReportTest {

    private static final String PLATFORM = """
            {"participants": [
              {"username": "creator", "review": "WHITELISTED", "bank": "bank_ok", "balance": "40.00"},
              {"username": "ann", "review": "WHITELISTED", "card": "card_ok"},
              {"username": "ben", "review": "WHITELISTED", "card": "card_error"},
              {"username": "cat", "review": "WHITELISTED", "card": "card_declined"},
              {"username": "dan", "review": "WHITELISTED", "balance": "30.00"}],
             "tips": [{"tipper": "ann", "tippee": "creator", "amount": "5.00"},
                      {"tipper": "ben", "tippee": "creator", "amount": "6.00"},
                      {"tipper": "cat", "tippee": "creator", "amount": "7.00"},
                      {"tipper": "dan", "tippee": "creator", "amount": "8.00"}]}""";

    private static Paydesk paydesk;
    private static PaydayStats second;

    @BeforeAll
    static void twoPaydays() {
        paydesk = Paydesk.wrap(TestDatabases.fresh());
        Fixtures.importJson(paydesk, PLATFORM);
        run(false);
        // A fault injected for the second payday, so that its error list is not empty: the bank file of
        // creator's payout cannot be recorded.
        paydesk.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("create function reject_creator_payout() returns trigger language plpgsql as $$ begin"
                        + " if new.kind = 'PAYOUT' and new.status <> old.status then"
                        + " raise exception 'simulated: the bank file was rejected'; end if; return new; end $$");
                s.execute("create trigger reject_creator_payout before update on exchange for each row"
                        + " execute function reject_creator_payout()");
            }
            return null;
        });
        second = run(true);
    }

    private static PaydayStats run(boolean force) {
        return paydesk.payday().run(PaydayRunner.Options.of(paydesk.systemCaller(), "here", force),
                PaydayListener.NONE, () -> false);
    }

    @AfterAll
    static void close() {
        paydesk.close();
    }

    @Test
    void theCsvHoldsTheStatisticsByTheirJsonNamesAndEveryError() throws Exception {
        PaydayReport.Contents contents = new PaydayReport(paydesk.paydays()).load(second.id());
        StringWriter csv = new StringWriter();
        PaydayReport.writeCsv(contents, csv);

        String[] sections = csv.toString().split("\n\n", 2);
        Map<String, String> stats = new HashMap<>();
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(sections[0]))) {
            stats.put(r.get("statistic"), r.get("value"));
        }
        assertThat(stats).containsEntry("id", Long.toString(second.id()))
                .containsEntry("charges", Long.toString(second.charges()))
                .containsEntry("charge_volume", second.chargeVolume().toPlainString())
                .containsEntry("transfer_volume", second.transferVolume().toPlainString())
                .containsEntry("payout_volume", second.payoutVolume().toPlainString())
                .containsEntry("errors", Long.toString(second.errors()))
                .containsKeys("phase.payin", "started", "started_by");
        List<CSVRecord> errors = CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(sections[1])).getRecords();
        assertThat(second.errors()).isPositive();
        assertThat(errors).hasSize((int) second.errors());
        assertThat(errors).allSatisfy(e -> assertThat(e.get("participant")).isEqualTo("creator"))
                .allSatisfy(e -> assertThat(e.get("phase")).isEqualTo("payout"))
                .allSatisfy(e -> assertThat(e.get("message")).contains("simulated: the bank file was rejected"));
    }

    @Test
    void thePdfIsOnePageWithTheFiguresAndTheChart() throws Exception {
        PaydayReport.Contents contents = new PaydayReport(paydesk.paydays()).load(second.id());
        assertThat(contents.recent()).extracting(s -> s.id()).containsExactly(second.id() - 1, second.id());
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        PaydayReport.writePdf(contents, Currency.getInstance("USD"), Locale.US, ZoneOffset.UTC, pdf);

        try (PDDocument document = Loader.loadPDF(pdf.toByteArray())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Payday #" + second.id())
                    .contains("Charges " + second.charges() + "  ·  $" + second.chargeVolume().toPlainString())
                    .contains("Volumes of the recent paydays").contains("charged").contains("transferred")
                    .contains("paid out")
                    .contains("#" + (second.id() - 1)).contains("Errors (" + second.errors() + " of " + second.errors());
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 96);
            Path png = Path.of("target", "screenshots", "payday-report.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(page, "png", png.toFile());

            // The chart is drawn: bars of each series' colour, in the middle of the page, the taller
            // ones where the volume was larger.
            PaydayStats first = paydesk.paydays().find(second.id() - 1).orElseThrow().stats();
            assertThat(first.payoutVolume()).isPositive();
            Bars charged = Bars.of(page, PdfSummary.CHARGED);
            Bars transferred = Bars.of(page, PdfSummary.TRANSFERRED);
            Bars paidOut = Bars.of(page, PdfSummary.PAID_OUT);
            for (Bars bars : List.of(charged, transferred, paidOut)) {
                assertThat(bars.pixels).as("pixels of a series' colour").isGreaterThan(200);
                assertThat(bars.top).isGreaterThan(page.getHeight() / 4);
                assertThat(bars.bottom).isLessThan(page.getHeight() * 2 / 3);
            }
            assertThat(second.chargeVolume()).isGreaterThan(first.chargeVolume());
            assertThat(charged.heightAt(charged.right - 2)).as("the second payday charged more than the first")
                    .isGreaterThan(charged.heightAt(charged.left + 12) + 20);
        }
    }

    /** Where the pixels of one colour are on a rendered page (legend swatches included). */
    private static final class Bars {
        final BufferedImage page;
        final int rgb;
        int pixels;
        int left = Integer.MAX_VALUE;
        int right = -1;
        int top = Integer.MAX_VALUE;
        int bottom = -1;

        private Bars(BufferedImage page, int rgb) {
            this.page = page;
            this.rgb = rgb;
        }

        static Bars of(BufferedImage page, java.awt.Color color) {
            Bars bars = new Bars(page, color.getRGB() & 0xffffff);
            for (int y = 0; y < page.getHeight(); y++) {
                for (int x = 0; x < page.getWidth(); x++) {
                    if ((page.getRGB(x, y) & 0xffffff) == bars.rgb) {
                        bars.pixels++;
                        bars.left = Math.min(bars.left, x);
                        bars.right = Math.max(bars.right, x);
                        bars.top = Math.min(bars.top, y);
                        bars.bottom = Math.max(bars.bottom, y);
                    }
                }
            }
            return bars;
        }

        /** How many pixels of the colour column {@code x} holds. */
        int heightAt(int x) {
            int n = 0;
            for (int y = 0; y < page.getHeight(); y++) {
                n += (page.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
            return n;
        }
    }

    @Test
    void anUnknownPaydayIsRefusedInWords() {
        assertThatThrownBy(() -> new PaydayReport(paydesk.paydays()).load(999))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("there is no payday 999 (see payday list)");
    }

    @Test
    void theChartScaleIsARoundNumberAtOrAboveTheLargestBar() {
        assertThat(PdfSummary.niceCeiling(new BigDecimal("0"))).isEqualByComparingTo("0");
        assertThat(PdfSummary.niceCeiling(new BigDecimal("7.50"))).isEqualByComparingTo("10");
        assertThat(PdfSummary.niceCeiling(new BigDecimal("10"))).isEqualByComparingTo("10");
        assertThat(PdfSummary.niceCeiling(new BigDecimal("10.01"))).isEqualByComparingTo("20");
        assertThat(PdfSummary.niceCeiling(new BigDecimal("4321.00"))).isEqualByComparingTo("5000");
        assertThat(PdfSummary.niceCeiling(new BigDecimal("50001"))).isEqualByComparingTo("100000");
    }
}
