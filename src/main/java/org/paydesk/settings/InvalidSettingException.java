package org.paydesk.settings;

/** A stored setting has a value Paydesk cannot use; the message names the setting. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
