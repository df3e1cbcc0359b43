package org.paydesk.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesPlainAmountsToScaleTwo() {
        assertThat(Money.parse("12")).isEqualTo(new BigDecimal("12.00"));
        assertThat(Money.parse(" 0.3 ")).isEqualTo(new BigDecimal("0.30"));
        assertThat(Money.parse("-4.25")).isEqualTo(new BigDecimal("-4.25"));
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
