package org.paydesk.staff;

/**
 * The password was right but an administrator reset it: the staff member signs in only by choosing
 * a new one ({@link StaffService#signInWithNewPassword}). Nothing else was done.
 */
public final class PasswordChangeRequiredException extends SignInException {

    public PasswordChangeRequiredException(String username) {
        super("the password of " + username + " was reset by an administrator; choose a new password to sign in");
    }
}
