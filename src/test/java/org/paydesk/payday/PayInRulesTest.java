package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.paydesk.money.FeeSchedule;
import org.paydesk.payday.PayInRules.Decision;
import org.paydesk.payday.PayInRules.Obligation;

/** The pay-in decisions (DESIGN §6.3) hold their properties for any balance and obligations. */
class PayInRulesTest {

    private static final FeeSchedule FEES = FeeSchedule.DEFAULT;

    @Property
    void nothingIsPaidBeyondTheBalance(@ForAll @LongRange(max = 100_000) long cents,
                                       @ForAll("obligations") List<Obligation> obligations) {
        BigDecimal balance = BigDecimal.valueOf(cents, 2);
        Decision d = PayInRules.pay(balance, obligations);
        assertThat(PayInRules.total(d.paid())).isLessThanOrEqualTo(balance);
        assertThat(d.left()).isEqualByComparingTo(balance.subtract(PayInRules.total(d.paid())));
        assertThat(d.left().signum()).isGreaterThanOrEqualTo(0);
    }

    @Property
    void obligationsArePaidInFullInOrderAndOnlyATipDueBecomesOwed(@ForAll @LongRange(max = 100_000) long cents,
                                                                  @ForAll("obligations") List<Obligation> obligations) {
        Decision d = PayInRules.pay(BigDecimal.valueOf(cents, 2), obligations);
        BigDecimal left = BigDecimal.valueOf(cents, 2);
        List<Obligation> paid = new ArrayList<>();
        List<Obligation> owed = new ArrayList<>();
        for (Obligation o : obligations) {
            // Skipped only when what is left at its turn is short of it: the oldest come first.
            if (left.compareTo(o.amount()) >= 0) {
                left = left.subtract(o.amount());
                paid.add(o);
            } else if (!o.alreadyOwed()) {
                owed.add(o);
            }
        }
        assertThat(d.paid()).containsExactlyElementsOf(paid);
        assertThat(d.newlyOwed()).containsExactlyElementsOf(owed).noneMatch(Obligation::alreadyOwed);
        assertThat(d.paid().size() + d.newlyOwed().size()).isLessThanOrEqualTo(obligations.size());
    }

    @Property
    void theChargeCoversTheShortfallWithTheFeeRulesAndThenEverythingIsPaid(
            @ForAll @LongRange(max = 100_000) long cents, @ForAll("obligations") List<Obligation> obligations) {
        BigDecimal committed = BigDecimal.valueOf(cents, 2);
        Optional<FeeSchedule.ChargeQuote> charge = PayInRules.charge(committed, obligations, FEES);
        BigDecimal shortfall = PayInRules.total(obligations).subtract(committed);
        assertThat(charge.isPresent()).isEqualTo(shortfall.signum() > 0);
        BigDecimal afterCharge = committed;
        if (charge.isPresent()) {
            FeeSchedule.ChargeQuote quote = charge.get();
            assertThat(quote).isEqualTo(FEES.chargeFor(shortfall));
            assertThat(quote.charge().subtract(quote.fee())).isGreaterThanOrEqualTo(shortfall);
            afterCharge = committed.add(quote.charge().subtract(quote.fee()));
        }
        Decision d = PayInRules.pay(afterCharge, obligations);
        assertThat(d.paid()).containsExactlyElementsOf(obligations);
        assertThat(d.newlyOwed()).isEmpty();
    }

    @Provide
    Arbitrary<List<Obligation>> obligations() {
        Arbitrary<Obligation> one = Combinators.combine(Arbitraries.longs().between(1, 1_000),
                Arbitraries.integers().between(1, 5_000), Arbitraries.of(true, false), Arbitraries.longs().between(1, 50))
                .as((tip, cents, owedBefore, tippee) -> new Obligation(tip, owedBefore ? tip * 10 : null, 1, tippee,
                        BigDecimal.valueOf(cents, 2)));
        return one.list().ofMaxSize(12);
    }
}
