package org.paydesk.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FeeScheduleTest {

    private final FeeSchedule fees = FeeSchedule.DEFAULT;

    private static BigDecimal money(String text) {
        return new BigDecimal(text);
    }

    @Test
    void theDesignsExampleHolds() {
        FeeSchedule.ChargeQuote quote = fees.chargeFor(money("9.32"));
        assertThat(quote.charge()).isEqualByComparingTo("10.00");
        assertThat(quote.fee()).isEqualByComparingTo("0.68");
        assertThat(quote.amount()).isEqualByComparingTo("9.32");
    }

    @Test
    void aSmallAmountIsRaisedToTheMinimumBeforeTheFee() {
        FeeSchedule.ChargeQuote quote = fees.chargeFor(money("1.00"));
        assertThat(quote.amount()).isEqualByComparingTo("9.32");
        assertThat(quote.charge()).isEqualByComparingTo("10.00");
        assertThat(quote.fee()).isEqualByComparingTo("0.68");
    }

    @Test
    void largerAmountsRoundUpToTheCent() {
        // (20.00 + 0.30) * 1.039 = 21.0917 -> 21.10
        FeeSchedule.ChargeQuote quote = fees.chargeFor(money("20.00"));
        assertThat(quote.charge()).isEqualByComparingTo("21.10");
        assertThat(quote.fee()).isEqualByComparingTo("1.10");
        assertThat(quote.charge().scale()).isEqualTo(2);
    }

    @Test
    void anExactProductIsNotRoundedFurther() {
        // (99.70 + 0.30) * 1.039 = 103.9 exactly
        assertThat(fees.chargeFor(money("99.70")).charge()).isEqualByComparingTo("103.90");
    }

    @Test
    void payoutTakesTheFeeAndRespectsTheMinimum() {
        assertThat(fees.payoutFor(money("9.99"))).isNull();
        FeeSchedule.PayoutQuote payout = fees.payoutFor(money("10.00"));
        assertThat(payout.credited()).isEqualByComparingTo("9.70");
        assertThat(payout.fee()).isEqualByComparingTo("0.30");
        assertThat(fees.payoutFor(money("123.45")).credited()).isEqualByComparingTo("123.15");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> fees.chargeFor(money("0.00"))).hasMessageContaining("positive");
        assertThatThrownBy(() -> fees.chargeFor(money("1.005"))).hasMessageContaining("cents");
        assertThatThrownBy(() -> new FeeSchedule(money("0.30"), money("0.9"), money("9.32"), money("0.30"), money("10.00")))
                .hasMessageContaining("charge rate");
        assertThatThrownBy(() -> new FeeSchedule(money("0.30"), money("1.039"), money("9.32"), money("0.30"), money("0.20")))
                .hasMessageContaining("minimum payout");
    }

    @Property
    void theChargeCoversAmountAndFeesRoundedUpByLessThanACent(@ForAll @LongRange(min = 1, max = 100_000_000) long cents) {
        BigDecimal needed = BigDecimal.valueOf(cents, 2);
        FeeSchedule.ChargeQuote quote = fees.chargeFor(needed);
        BigDecimal base = needed.max(fees.minimumCharge());
        BigDecimal exact = base.add(fees.chargeFixedFee()).multiply(fees.chargeRate());

        assertThat(quote.amount()).isEqualByComparingTo(base);
        assertThat(quote.charge().scale()).isEqualTo(2);
        assertThat(quote.charge()).isGreaterThanOrEqualTo(exact);
        assertThat(quote.charge().subtract(exact)).isLessThan(new BigDecimal("0.01"));
        assertThat(quote.charge()).isEqualByComparingTo(exact.setScale(2, RoundingMode.CEILING));
        assertThat(quote.fee()).isEqualByComparingTo(quote.charge().subtract(quote.amount()));
        assertThat(quote.fee()).isGreaterThanOrEqualTo(fees.chargeFixedFee());
    }

    @Property
    void aLargerNeedNeverCostsLess(@ForAll @LongRange(min = 1, max = 10_000_000) long cents) {
        BigDecimal a = BigDecimal.valueOf(cents, 2);
        BigDecimal b = BigDecimal.valueOf(cents + 1, 2);
        assertThat(fees.chargeFor(b).charge()).isGreaterThanOrEqualTo(fees.chargeFor(a).charge());
    }

    @Property
    void payoutsNeverCreateMoney(@ForAll @LongRange(min = 1000, max = 100_000_000) long cents) {
        BigDecimal amount = BigDecimal.valueOf(cents, 2);
        FeeSchedule.PayoutQuote payout = fees.payoutFor(amount);
        assertThat(payout.credited().add(payout.fee())).isEqualByComparingTo(amount);
        assertThat(payout.credited()).isPositive();
    }
}
