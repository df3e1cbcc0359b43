package org.paydesk.ui.shell;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Short messages about background work that ended (demo data loaded, a payday finished or failed,
 * a refund executed), posted by the screens and shown by the main window as notifications, so
 * they are seen whichever screen is open. Free of JavaFX: screens' ViewModels post here in tests.
 */
public final class Notices {

    public enum Kind { INFO, ERROR }

    /** One notification: its kind, a short title and the words (never a stack trace). */
    public record Notice(Kind kind, String title, String text) {
        public Notice {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(title);
            text = text == null ? "" : text;
        }
    }

    private final List<Consumer<Notice>> listeners = new CopyOnWriteArrayList<>();

    public void info(String title, String text) {
        post(new Notice(Kind.INFO, title, text));
    }

    public void error(String title, String text) {
        post(new Notice(Kind.ERROR, title, text));
    }

    public void post(Notice notice) {
        listeners.forEach(listener -> listener.accept(notice));
    }

    /** {@code listener} receives every notice from now on until {@link #unsubscribe}. */
    public void subscribe(Consumer<Notice> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Notice> listener) {
        listeners.remove(listener);
    }
}
