package org.paydesk.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Amounts are {@link BigDecimal} with scale 2 (DESIGN §1); this class parses, checks and formats them. */
public final class Money {

    public static final int SCALE = 2;
    public static final BigDecimal ZERO = new BigDecimal("0.00");
    /** The largest amount numeric(14,2) holds. */
    public static final BigDecimal MAX = new BigDecimal("999999999999.99");
    /**
     * The largest single amount that may enter the platform (an opening balance, a queued payment,
     * credit, debit or chargeback), far enough below {@link #MAX} that no balance, system account
     * or payday total can overflow numeric(14,2) together with {@link #MAX_PLATFORM_TOTAL}.
     */
    public static final BigDecimal MAX_ENTRY = new BigDecimal("100000000.00");
    /** The largest weekly tip. */
    public static final BigDecimal MAX_TIP = new BigDecimal("1000.00");
    /** The most money the participants' committed balances may hold together. */
    public static final BigDecimal MAX_PLATFORM_TOTAL = new BigDecimal("100000000000.00");

    private Money() {
    }

    /**
     * Parses a plain decimal amount such as {@code "12.5"} or {@code "0.30"}: at most two decimals,
     * no exponent, no grouping. Throws {@link IllegalArgumentException} saying what is wrong.
     */
    public static BigDecimal parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an amount is required");
        }
        String trimmed = text.trim();
        if (!isPlainAmount(trimmed)) {
            if (trimmed.matches("-?\\d+\\.\\d{3,}")) {
                throw new IllegalArgumentException("'" + text + "' has more than two decimals");
            }
            throw new IllegalArgumentException("'" + text + "' is not an amount like 12.34");
        }
        return new BigDecimal(trimmed).setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /**
     * {@code -?\d{1,12}(\.\d{1,2})?}, written out: an import parses a million of them, and a
     * matcher per amount was a tenth of its reading time.
     */
    static boolean isPlainAmount(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int digits = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (digits < 1 || digits > 12) {
            return false;
        }
        if (i == text.length()) {
            return true;
        }
        if (text.charAt(i) != '.') {
            return false;
        }
        int decimals = text.length() - i - 1;
        for (int j = i + 1; j < text.length(); j++) {
            if (!isDigit(text.charAt(j))) {
                return false;
            }
        }
        return decimals >= 1 && decimals <= 2;
    }

    /** ASCII digits only, as {@code \d} without the UNICODE_CHARACTER_CLASS flag. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Parses an amount that must be zero or more. */
    public static BigDecimal parseNonNegative(String text) {
        BigDecimal amount = parse(text);
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return amount;
    }

    /** Returns {@code amount} at scale 2, refusing one that would lose a fraction of a cent. */
    public static BigDecimal cents(BigDecimal amount) {
        try {
            return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(amount.toPlainString() + " is not a whole number of cents", e);
        }
    }

    /** Returns {@code amount}, refusing one above {@link #MAX_ENTRY} with a message naming the limit. */
    public static BigDecimal withinEntryLimit(BigDecimal amount, String what) {
        if (amount.compareTo(MAX_ENTRY) > 0) {
            throw new IllegalArgumentException(what + " of " + plain(amount) + " is above the limit of "
                    + plain(MAX_ENTRY) + " for one amount");
        }
        return amount;
    }

    /** Refuses money coming in that would take what participants hold together above {@link #MAX_PLATFORM_TOTAL}. */
    public static void requireWithinPlatformTotal(BigDecimal heldNow, BigDecimal incoming, String what) {
        if (heldNow.add(incoming).compareTo(MAX_PLATFORM_TOTAL) > 0) {
            throw new IllegalArgumentException(what + " of " + plain(incoming) + " would take what participants hold"
                    + " together from " + plain(heldNow) + " above the platform's limit of " + plain(MAX_PLATFORM_TOTAL));
        }
    }

    /** Rounds up (towards positive infinity) to the cent. */
    public static BigDecimal roundUpToCent(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.CEILING);
    }

    /** The plain text form used in JSON and CSV: {@code "1234.50"}. */
    public static String plain(BigDecimal amount) {
        return cents(amount).toPlainString();
    }

    /** Formats for display in the locale's currency format, e.g. {@code $1,234.50}. */
    public static String format(BigDecimal amount, Currency currency, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(SCALE);
        format.setMaximumFractionDigits(SCALE);
        return format.format(amount);
    }
}
