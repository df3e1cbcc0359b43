package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.paydesk.money.FeeSchedule;

/**
 * The pay-in's decisions for one tipper as properties (DESIGN §6.3): nothing moves beyond the
 * balance plus the charge; a charge covers the shortfall by the fee rules; obligations are taken
 * in their order, each in full or not at all; and a tip not covered becomes owed while an owed
 * amount not covered stays as it was.
 */
class PayInRulesTest {

    private static final FeeSchedule FEES = FeeSchedule.DEFAULT;

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    @Provide
    Arbitrary<List<Obligation>> obligations() {
        Arbitrary<Obligation> one = Combinators.combine(Arbitraries.longs().between(1, 100_000),
                        Arbitraries.of(true, false), Arbitraries.longs().between(1, 50))
                .as((amountCents, owed, tippee) -> new Obligation(tippee, owed ? tippee * 1000 : null, 7, tippee,
                        cents(amountCents)));
        return one.list().ofMaxSize(12);
    }

    @Property
    void nothingMovesBeyondTheBalanceAndEachObligationMovesWholeOrNotAtAll(
            @ForAll @LongRange(min = 0, max = 500_000) long balanceCents, @ForAll("obligations") List<Obligation> due) {
        BigDecimal balance = cents(balanceCents);
        PayInRules.Transfers t = PayInRules.transfer(balance, due);

        assertThat(t.movedAmount()).isLessThanOrEqualTo(balance);
        assertThat(t.balance()).isEqualByComparingTo(balance.subtract(t.movedAmount()));
        assertThat(t.movedAmount()).isEqualByComparingTo(
                t.moved().stream().map(Obligation::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
        // Every obligation is accounted for exactly once: moved, newly owed (a tip), or still owed (an owed amount).
        List<Obligation> rest = new ArrayList<>(due);
        t.moved().forEach(rest::remove);
        t.owedNew().forEach(rest::remove);
        assertThat(rest).allMatch(o -> o.owedItemId() != null);
        assertThat(t.owedNew()).allMatch(o -> o.owedItemId() == null);
    }

    @Property
    void obligationsAreTakenInTheirOrder(@ForAll @LongRange(min = 0, max = 500_000) long balanceCents,
                                         @ForAll("obligations") List<Obligation> due) {
        PayInRules.Transfers t = PayInRules.transfer(cents(balanceCents), due);
        // Walking the list in order: one skipped only when what was left could not cover it.
        BigDecimal left = cents(balanceCents);
        int moved = 0;
        for (Obligation o : due) {
            if (moved < t.moved().size() && t.moved().get(moved) == o) {
                left = left.subtract(o.amount());
                moved++;
            } else {
                assertThat(o.amount()).as("skipped although covered").isGreaterThan(left);
            }
        }
        assertThat(moved).isEqualTo(t.moved().size());
    }

    @Property
    void aWhitelistedTipperWithACardIsChargedEnoughToCoverEverything(
            @ForAll @LongRange(min = 0, max = 500_000) long balanceCents, @ForAll("obligations") List<Obligation> due) {
        BigDecimal balance = cents(balanceCents);
        BigDecimal total = due.stream().map(Obligation::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        PayInRules.Charge charge = PayInRules.charge(balance, total, true, true, FEES);

        if (total.compareTo(balance) <= 0) {
            assertThat(charge.quote()).as("no shortfall, no charge").isNull();
            assertThat(charge.noCard()).isFalse();
            return;
        }
        FeeSchedule.ChargeQuote quote = charge.quote();
        assertThat(quote.amount()).isGreaterThanOrEqualTo(total.subtract(balance)).isGreaterThanOrEqualTo(new BigDecimal("9.32"));
        assertThat(quote.charge()).isEqualByComparingTo(quote.amount().add(quote.fee()));
        PayInRules.Transfers t = PayInRules.transfer(balance.add(quote.amount()), due);
        assertThat(t.owedNew()).as("the charge covers every obligation").isEmpty();
        assertThat(t.moved()).hasSameSizeAs(due);
    }

    @Property
    void onlyAWhitelistedTipperWithACardIsCharged(@ForAll @LongRange(min = 1, max = 100_000) long shortCents,
                                                  @ForAll boolean whitelisted, @ForAll boolean hasCard) {
        PayInRules.Charge charge = PayInRules.charge(BigDecimal.ZERO.setScale(2), cents(shortCents), whitelisted,
                hasCard, FEES);
        assertThat(charge.quote() != null).isEqualTo(whitelisted && hasCard);
        assertThat(charge.noCard()).isEqualTo(!hasCard);
    }

    @Property
    void aPayoutIsWhatIsPayableAboveTheMinimumAndNeverMore(@ForAll @LongRange(min = -100_000, max = 500_000) long payable) {
        FeeSchedule.PayoutQuote quote = Payout.quote(FEES, cents(payable));
        if (payable < 1_000) {
            assertThat(quote).as("nothing at or below zero, nor below the 10.00 minimum").isNull();
        } else {
            assertThat(quote.amount()).isEqualByComparingTo(cents(payable));
            assertThat(quote.credited().add(quote.fee())).isEqualByComparingTo(quote.amount());
        }
    }
}
