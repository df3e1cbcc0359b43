package org.paydesk.settings;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.paydesk.money.FeeSchedule;

/** The installation's settings (table {@code setting}), checked when read. */
public record Settings(Currency currency, FeeSchedule fees, int owedExpiryWeeks, int minDaysBetweenPaydays,
                       java.time.Duration sandboxLatency) {

    /** Builds settings from their stored text form; a bad value is refused with its key named. */
    public static Settings fromText(Map<String, String> values) {
        Reader r = new Reader(values);
        Currency currency = r.currency("currency");
        FeeSchedule fees;
        try {
            fees = new FeeSchedule(r.decimal("charge.fixed_fee"), r.decimal("charge.rate"),
                    r.decimal("charge.minimum"), r.decimal("payout.fee"), r.decimal("payout.minimum"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("fee settings: " + e.getMessage());
        }
        return new Settings(currency, fees, r.positiveInt("owed.expiry_weeks"), r.positiveInt("payday.min_days_between"),
                java.time.Duration.ofMillis(r.nonNegativeInt("gateway.sandbox_latency_ms")));
    }

    /** The keys of the fee schedule's values, by the name its refusals start with. */
    private static final Map<String, String> FEE_KEYS = Map.of("charge fixed fee", "charge.fixed_fee",
            "charge rate", "charge.rate", "minimum charge", "charge.minimum", "payout fee", "payout.fee",
            "minimum payout", "payout.minimum");
    private static final java.util.Set<String> AMOUNT_KEYS = java.util.Set.of("charge.fixed_fee", "charge.minimum",
            "payout.fee", "payout.minimum");

    /**
     * Why values would be refused by {@link #fromText}, by the key each problem belongs to (a rule
     * between two values, such as the minimum payout above the payout fee, goes to the second), in
     * short words for a form: {@code "'lots' is not a decimal number"}. Empty when they are usable.
     */
    public static Map<String, String> problems(Map<String, String> values) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        Reader r = new Reader(values);
        check(problems, "currency", () -> r.currency("currency"));
        for (String key : List.of("charge.fixed_fee", "charge.rate", "charge.minimum", "payout.fee", "payout.minimum")) {
            check(problems, key, () -> {
                BigDecimal value = r.decimal(key);
                if (AMOUNT_KEYS.contains(key) && value.stripTrailingZeros().scale() > 2) {
                    throw new InvalidSettingException("'" + values.get(key).strip() + "' has more than two decimals");
                }
            });
        }
        check(problems, "owed.expiry_weeks", () -> r.positiveInt("owed.expiry_weeks"));
        check(problems, "payday.min_days_between", () -> r.positiveInt("payday.min_days_between"));
        check(problems, "gateway.sandbox_latency_ms", () -> r.nonNegativeInt("gateway.sandbox_latency_ms"));
        if (problems.isEmpty()) {
            try {
                fromText(values);
            } catch (InvalidSettingException e) {
                String words = e.getMessage().replaceFirst("^fee settings: ", "");
                String key = FEE_KEYS.entrySet().stream().filter(f -> words.startsWith(f.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse("");
                problems.put(key, words);
            }
        }
        return problems;
    }

    private static void check(Map<String, String> problems, String key, Runnable read) {
        try {
            read.run();
        } catch (InvalidSettingException e) {
            problems.put(key, e.getMessage().replaceFirst("^setting '[^']*' = ", "")
                    .replaceFirst("^setting '[^']*' is missing$", "a value is required"));
        }
    }

    private record Reader(Map<String, String> values) {

        String text(String key) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                throw new InvalidSettingException("setting '" + key + "' is missing");
            }
            return value.trim();
        }

        Currency currency(String key) {
            String code = text(key);
            try {
                return Currency.getInstance(code);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("setting '" + key + "' = '" + code + "' is not an ISO 4217 currency code");
            }
        }

        BigDecimal decimal(String key) {
            String value = text(key);
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("setting '" + key + "' = '" + value + "' is not a decimal number");
            }
        }

        int nonNegativeInt(String key) {
            return intAtLeast(key, 0, "a whole number of 0 or more");
        }

        int positiveInt(String key) {
            return intAtLeast(key, 1, "a positive whole number");
        }

        private int intAtLeast(String key, int minimum, String what) {
            String value = text(key);
            try {
                int n = Integer.parseInt(value);
                if (n >= minimum) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidSettingException("setting '" + key + "' = '" + value + "' is not " + what);
        }
    }
}
