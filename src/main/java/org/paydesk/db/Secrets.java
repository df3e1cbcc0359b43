package org.paydesk.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Passwords that must never appear in a message: those inside a JDBC URL and the one given beside it. */
final class Secrets {

    private static final String HIDDEN = "***";
    /** {@code password=...} and the like ({@code sslpassword}) among a URL's parameters. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;][^=&;?]*password=)([^&;]*)");
    /** {@code //user:password@host} */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*:)([^/@?]*)@");

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    static Secrets of(String url, String password) {
        List<String> values = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            values.add(password);
        }
        if (url != null) {
            for (Pattern pattern : List.of(URL_PASSWORD, USER_INFO)) {
                Matcher m = pattern.matcher(url);
                while (m.find()) {
                    if (!m.group(2).isEmpty()) {
                        values.add(m.group(2));
                        values.add(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        values.sort((a, b) -> b.length() - a.length());
        return new Secrets(values);
    }

    /** {@code url} with its password values replaced by {@code ***}. */
    static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        String redacted = URL_PASSWORD.matcher(url).replaceAll("$1" + HIDDEN);
        return USER_INFO.matcher(redacted).replaceAll("$1" + HIDDEN + "@");
    }

    String hide(String text) {
        if (text == null) {
            return null;
        }
        String hidden = text;
        for (String value : values) {
            hidden = hidden.replace(value, HIDDEN);
        }
        return hidden;
    }

    /** {@code e} itself if none of its messages shows a secret, else a copy of its chain with them hidden. */
    Throwable hideIn(Throwable e) {
        boolean shows = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            shows |= !hide(String.valueOf(t.getMessage())).equals(String.valueOf(t.getMessage()));
        }
        return shows ? copy(e) : e;
    }

    private Throwable copy(Throwable e) {
        RuntimeException copy = new RuntimeException(hide(e.toString()), e.getCause() == null ? null : copy(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
