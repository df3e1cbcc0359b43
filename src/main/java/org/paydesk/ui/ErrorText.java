package org.paydesk.ui;

import org.paydesk.errors.ErrorMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure into words for a dialog or a status line through {@link ErrorMessages}, the same
 * translation the command line uses; the technical cause goes to the log.
 */
public final class ErrorText {

    private static final Logger log = LoggerFactory.getLogger(ErrorText.class);

    private ErrorText() {
    }

    public static String explain(Throwable error) {
        String words = ErrorMessages.explain(error);
        log.warn("shown to the user: {}", words, error);
        return words;
    }
}
