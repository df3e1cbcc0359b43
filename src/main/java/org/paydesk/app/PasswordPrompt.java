package org.paydesk.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.paydesk.staff.Caller;

/**
 * Reads a password from the terminal without echo, or from the first line of standard input when
 * there is no terminal (scripts, tests); it is never shown or logged.
 */
final class PasswordPrompt {

    private PasswordPrompt() {
    }

    /** A new password, typed twice at a terminal. */
    static char[] readNew(PaydeskCommand root) throws IOException {
        java.io.Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }
        return firstLine(root);
    }

    /** Signs {@code username} in with the password typed (or piped) for them: who {@code --as} names. */
    static Caller signIn(PaydeskCommand root, Paydesk paydesk, String username) throws IOException {
        java.io.Console console = System.console();
        char[] password = console != null ? console.readPassword("Password for %s: ", username) : firstLine(root);
        if (password == null) {
            throw new IllegalArgumentException("no password given for " + username);
        }
        try {
            return paydesk.staff().signIn(username, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] firstLine(PaydeskCommand root) throws IOException {
        String line = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password given: type it at the prompt, or send it on standard input");
        }
        return line.toCharArray();
    }
}
