package org.paydesk.ui.shell;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a {@link Notices.Notice} as a ControlsFX notification in the corner of its window: news
 * fades after a few seconds, an error stays until closed. Never in the way of the work: without a
 * showing window (closing, or a test without one) the notice is only logged, and a notification
 * that cannot be shown is logged rather than thrown.
 */
final class Notifier {

    static final Duration NEWS = Duration.seconds(6);
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private Notifier() {
    }

    static void show(Window owner, Notices.Notice notice) {
        if (owner == null || !owner.isShowing()) {
            log.info("Not shown (no window): {}: {}", notice.title(), notice.text());
            return;
        }
        try {
            Notifications notification = Notifications.create()
                    .owner(owner)
                    .title(notice.title())
                    .text(notice.text())
                    .position(Pos.BOTTOM_RIGHT)
                    .hideAfter(notice.kind() == Notices.Kind.ERROR ? Duration.INDEFINITE : NEWS);
            // Styled by paydesk.css with the theme's colours, which the popup inherits from its owner's scene.
            notification.styleClass("paydesk-notification");
            if (notice.kind() == Notices.Kind.ERROR) {
                notification.showError();
            } else {
                notification.showInformation();
            }
        } catch (RuntimeException e) {
            log.warn("Could not show the notification \"{}: {}\"", notice.title(), notice.text(), e);
        }
    }
}
