package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paydesk.ui.DesktopPreferences;

/** The main window's remembered place, kept on a visible screen; dialogs centred on their owner. */
class WindowPlacementTest {

    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 740);
    private static final Rectangle2D MONITOR_RIGHT = new Rectangle2D(1366, 0, 1920, 1050);

    @Test
    void aPlaceOnAScreenIsKeptAsItIs() {
        WindowPlacement placement = new WindowPlacement(1500, 100, 1280, 800, false);

        assertThat(placement.clampTo(List.of(LAPTOP, MONITOR_RIGHT), 1280, 800)).isEqualTo(placement);
    }

    @Test
    void aWindowLeftOnAnUnpluggedMonitorOpensCentredOnThePrimaryScreen() {
        WindowPlacement onMonitor = new WindowPlacement(1500, 100, 1280, 800, false);

        WindowPlacement clamped = onMonitor.clampTo(List.of(LAPTOP), 1280, 800);

        assertThat(clamped).isEqualTo(new WindowPlacement(43, 0, 1280, 740, false));
        assertInside(clamped, LAPTOP);
    }

    @Test
    void aWindowHangingOverTheEdgeIsMovedAndShrunkOntoTheScreenItMostlyCovers() {
        WindowPlacement overEdge = new WindowPlacement(-300, 500, 1600, 900, true);

        WindowPlacement clamped = overEdge.clampTo(List.of(LAPTOP, MONITOR_RIGHT), 1280, 800);

        assertThat(clamped).isEqualTo(new WindowPlacement(0, 0, 1366, 740, true));
        assertInside(clamped, LAPTOP);
    }

    @Test
    void aTinyWindowGetsTheDefaultSize() {
        WindowPlacement tiny = new WindowPlacement(10, 10, 120, 80, false);

        assertThat(tiny.clampTo(List.of(MONITOR_RIGHT), 1280, 800))
                .isEqualTo(new WindowPlacement(1366 + 320, 125, 1280, 800, false));
    }

    @Test
    void thePlaceIsRememberedInTheWorkstationsFileAndReadBack(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("paydesk").resolve(DesktopPreferences.FILE_NAME);
        new WindowPlacement(120.4, 80, 1100, 700, true).remember(DesktopPreferences.at(file));

        assertThat(Files.readString(file)).contains("main.window=120,80,1100,700,true");
        assertThat(WindowPlacement.remembered(DesktopPreferences.at(file)))
                .contains(new WindowPlacement(120, 80, 1100, 700, true));
    }

    @Test
    void anUnreadablePlaceIsForgotten(@TempDir Path folder) throws Exception {
        Path file = folder.resolve(DesktopPreferences.FILE_NAME);
        Files.writeString(file, "main.window=12,NaN,800,600,false\n");
        assertThat(WindowPlacement.remembered(DesktopPreferences.at(file))).isEmpty();
        Files.writeString(file, "main.window=12,40,800\n");
        assertThat(WindowPlacement.remembered(DesktopPreferences.at(file))).isEmpty();
        assertThat(WindowPlacement.remembered(DesktopPreferences.inMemory())).isEmpty();
    }

    @Test
    void aDialogOpensCentredOnItsOwnerAndStaysOnItsScreen() {
        Rectangle2D owner = new Rectangle2D(100, 50, 1000, 700);

        assertThat(Dialogs.centred(owner, 400, 300, LAPTOP)).isEqualTo(new Point2D(400, 250));
        Rectangle2D ownerAtTheEdge = new Rectangle2D(1000, 500, 600, 400);
        assertThat(Dialogs.centred(ownerAtTheEdge, 500, 300, LAPTOP)).isEqualTo(new Point2D(866, 440));
    }

    private static void assertInside(WindowPlacement placement, Rectangle2D screen) {
        assertThat(placement.x()).isGreaterThanOrEqualTo(screen.getMinX());
        assertThat(placement.y()).isGreaterThanOrEqualTo(screen.getMinY());
        assertThat(placement.x() + placement.width()).isLessThanOrEqualTo(screen.getMaxX());
        assertThat(placement.y() + placement.height()).isLessThanOrEqualTo(screen.getMaxY());
    }
}
