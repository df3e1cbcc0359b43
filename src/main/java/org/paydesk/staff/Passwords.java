package org.paydesk.staff;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=…}); passwords are never kept. */
public final class Passwords {

    /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    static final int MIN_LENGTH = 10;

    private Passwords() {
    }

    public static String hash(char[] password) {
        return Password.hash(new String(password)).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public static boolean matches(char[] password, String hash) {
        return hash != null && hash.startsWith("$argon2id$")
                && Password.check(new String(password), hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    /** Why {@code password} is not acceptable, or null when it is. */
    public static String weakness(char[] password, String username) {
        if (password.length < MIN_LENGTH) {
            return "the password must have at least " + MIN_LENGTH + " characters";
        }
        if (new String(password).equalsIgnoreCase(username)) {
            return "the password must not be the username";
        }
        return null;
    }
}
