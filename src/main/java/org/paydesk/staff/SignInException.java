package org.paydesk.staff;

/** Sign-in refused: wrong name or password, a disabled account, or too many recent failures. */
public class SignInException extends RuntimeException {

    public SignInException(String message) {
        super(message);
    }
}
