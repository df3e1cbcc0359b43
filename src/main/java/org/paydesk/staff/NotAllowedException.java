package org.paydesk.staff;

/** The caller lacks the role an action needs; nothing was done. */
public class NotAllowedException extends RuntimeException {

    public NotAllowedException(String message) {
        super(message);
    }
}
