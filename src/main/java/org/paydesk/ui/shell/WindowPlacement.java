package org.paydesk.ui.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.paydesk.ui.DesktopPreferences;

/**
 * Where the main window opens: where it was last closed, unless that is no longer on a screen (a
 * monitor unplugged, a smaller resolution), in which case it is moved and shrunk onto the screen it
 * overlapped most, or centred on the first screen when it overlaps none.
 */
public record WindowPlacement(double x, double y, double width, double height, boolean maximized) {

    static final String KEY = "main.window";
    /** The smallest window worth restoring; below this the default size is used. */
    static final double MIN_WIDTH = 640;
    static final double MIN_HEIGHT = 400;

    /** The default: {@code width} x {@code height} centred on {@code screen}, shrunk to fit it. */
    public static WindowPlacement centred(Rectangle2D screen, double width, double height) {
        double w = Math.min(width, screen.getWidth());
        double h = Math.min(height, screen.getHeight());
        return new WindowPlacement(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h, false);
    }

    /**
     * This placement moved and shrunk so the whole window lies on one of {@code screens} (their
     * visual bounds, the first being the primary); {@code fallback} size when it lies on none.
     */
    public WindowPlacement clampTo(List<Rectangle2D> screens, double fallbackWidth, double fallbackHeight) {
        if (screens.isEmpty()) {
            return this;
        }
        Rectangle2D best = null;
        double bestArea = 0;
        for (Rectangle2D screen : screens) {
            double area = overlap(screen);
            if (area > bestArea) {
                bestArea = area;
                best = screen;
            }
        }
        if (best == null || width < MIN_WIDTH / 2 || height < MIN_HEIGHT / 2) {
            return centred(screens.get(0), fallbackWidth, fallbackHeight).withMaximized(maximized);
        }
        double w = Math.min(Math.max(width, Math.min(MIN_WIDTH, best.getWidth())), best.getWidth());
        double h = Math.min(Math.max(height, Math.min(MIN_HEIGHT, best.getHeight())), best.getHeight());
        double left = Math.min(Math.max(x, best.getMinX()), best.getMaxX() - w);
        double top = Math.min(Math.max(y, best.getMinY()), best.getMaxY() - h);
        return new WindowPlacement(left, top, w, h, maximized);
    }

    private double overlap(Rectangle2D screen) {
        double w = Math.min(x + width, screen.getMaxX()) - Math.max(x, screen.getMinX());
        double h = Math.min(y + height, screen.getMaxY()) - Math.max(y, screen.getMinY());
        return w > 0 && h > 0 ? w * h : 0;
    }

    WindowPlacement withMaximized(boolean on) {
        return new WindowPlacement(x, y, width, height, on);
    }

    /** The placement remembered by this workstation, if any and readable. */
    public static Optional<WindowPlacement> remembered(DesktopPreferences preferences) {
        Optional<String> text = preferences.get(KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.get().split(",");
        if (parts.length != 5) {
            return Optional.empty();
        }
        try {
            double[] numbers = new double[4];
            for (int i = 0; i < 4; i++) {
                numbers[i] = Double.parseDouble(parts[i].strip());
                if (Double.isNaN(numbers[i]) || Double.isInfinite(numbers[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(new WindowPlacement(numbers[0], numbers[1], numbers[2], numbers[3],
                    Boolean.parseBoolean(parts[4].strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void remember(DesktopPreferences preferences) {
        preferences.put(KEY, String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b", x, y, width, height, maximized));
    }
}
