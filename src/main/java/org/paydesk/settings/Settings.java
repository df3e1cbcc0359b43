package org.paydesk.settings;

import java.math.BigDecimal;
import java.util.Currency;
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
