package org.paydesk.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesPlainAmountsToScaleTwo() {
        assertThat(Money.parse("12")).isEqualTo(new BigDecimal("12.00"));
        assertThat(Money.parse(" 0.3 ")).isEqualTo(new BigDecimal("0.30"));
        assertThat(Money.parse("-4.25")).isEqualTo(new BigDecimal("-4.25"));
    }

    /** The hand-written check accepts exactly what the pattern it replaced did. */
    @Property(tries = 5000)
    void aPlainAmountIsWhatThePatternSays(@ForAll @StringLength(max = 17) @Chars({'-', '.', '0', '1', '9', 'e', ' ', '٣'})
                                           String text) {
        assertThat(Money.isPlainAmount(text)).as(text).isEqualTo(text.matches("-?\\d{1,12}(\\.\\d{1,2})?"));
    }

    /** The same over digits, points and signs only, where most of the near misses are. */
    @Property(tries = 5000)
    void aPlainAmountOfDigitsIsWhatThePatternSays(@ForAll @StringLength(max = 16) @Chars({'-', '.', '0', '7'}) String text) {
        assertThat(Money.isPlainAmount(text)).as(text).isEqualTo(text.matches("-?\\d{1,12}(\\.\\d{1,2})?"));
    }

    @Test
    void plainAmountsAtTheEdgesOfTheirLengths() {
        assertThat(Money.isPlainAmount("999999999999.99")).isTrue();
        assertThat(Money.isPlainAmount("-0.5")).isTrue();
        assertThat(Money.isPlainAmount("1234567890123")).as("13 digits").isFalse();
        assertThat(Money.isPlainAmount("1.")).isFalse();
        assertThat(Money.isPlainAmount(".5")).isFalse();
        assertThat(Money.isPlainAmount("-")).isFalse();
        assertThat(Money.isPlainAmount("1.234")).isFalse();
        assertThat(Money.isPlainAmount("--1")).isFalse();
    }

    @Test
    void refusesWhatIsNotAnAmount() {
        assertThatThrownBy(() -> Money.parse("1.234")).hasMessageContaining("more than two decimals");
        assertThatThrownBy(() -> Money.parse("1e3")).hasMessageContaining("not an amount");
        assertThatThrownBy(() -> Money.parse("1,000.00")).hasMessageContaining("not an amount");
        assertThatThrownBy(() -> Money.parse("")).hasMessageContaining("required");
        assertThatThrownBy(() -> Money.parseNonNegative("-1.00")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Money.cents(new BigDecimal("0.001"))).hasMessageContaining("cents");
    }

    @Test
    void formatsInTheLocalesCurrencyFormat() {
        assertThat(Money.format(new BigDecimal("1234.5"), Currency.getInstance("USD"), Locale.US)).isEqualTo("$1,234.50");
        assertThat(Money.format(new BigDecimal("-3.00"), Currency.getInstance("USD"), Locale.US)).contains("3.00");
        assertThat(Money.plain(new BigDecimal("7.1"))).isEqualTo("7.10");
    }
}
