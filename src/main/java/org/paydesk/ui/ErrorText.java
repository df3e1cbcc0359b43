package org.paydesk.ui;

import org.paydesk.errors.ErrorMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure into words for a dialog or a status line through {@link ErrorMessages}, the same
 * translation the command line uses. What is shown is logged in one line: at INFO for a person's
 * mistake, at WARN for a fault, whose stack trace is logged once where it was caught (the task
 * executor, the payday run).
 */
public final class ErrorText {

    private static final Logger log = LoggerFactory.getLogger(ErrorText.class);

    private ErrorText() {
    }

    public static String explain(Throwable error) {
        String words = ErrorMessages.explain(error);
        if (ErrorMessages.isUserMistake(error)) {
            log.info("Refused: {}", words);
        } else {
            log.warn("Shown to the user: {} ({})", words, error == null ? "no cause" : error.getClass().getName());
        }
        return words;
    }
}
