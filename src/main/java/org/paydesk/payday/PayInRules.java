package org.paydesk.payday;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paydesk.money.FeeSchedule;

/**
 * The money decisions of pay-in (DESIGN §6.3) for one tipper, apart from the SQL that carries them
 * out: what to charge, and which obligations are paid and which become owed. Pure functions;
 * {@code PayInRulesTest} holds them to their properties.
 */
final class PayInRules {

    /** An owed amount from an earlier payday ({@code owedItemId} set) or a tip due this payday. */
    record Obligation(long tipId, Long owedItemId, long tipperId, long tippeeId, BigDecimal amount) {
        boolean alreadyOwed() {
            return owedItemId != null;
        }
    }

    /**
     * The obligations paid in full (in order), the tips due that become owed, and the balance left.
     * Owed amounts the balance does not cover stay owed as they are.
     */
    record Decision(List<Obligation> paid, List<Obligation> newlyOwed, BigDecimal left) {
    }

    private PayInRules() {
    }

    static BigDecimal total(List<Obligation> obligations) {
        return obligations.stream().map(Obligation::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** What the balance is short of the obligations; zero when it covers them. */
    static BigDecimal shortfall(BigDecimal committed, List<Obligation> obligations) {
        return total(obligations).subtract(committed).max(BigDecimal.ZERO);
    }

    /** The card charge that covers the shortfall (fees and minimum included), for a tipper who can be charged. */
    static Optional<FeeSchedule.ChargeQuote> charge(BigDecimal committed, List<Obligation> obligations, FeeSchedule fees) {
        BigDecimal shortfall = shortfall(committed, obligations);
        return shortfall.signum() > 0 ? Optional.of(fees.chargeFor(shortfall)) : Optional.empty();
    }

    /** Pays each obligation in order, in full, while the balance covers it (DESIGN §6.3). */
    static Decision pay(BigDecimal balance, List<Obligation> inOrder) {
        List<Obligation> paid = new ArrayList<>();
        List<Obligation> newlyOwed = new ArrayList<>();
        BigDecimal left = balance;
        for (Obligation o : inOrder) {
            if (left.compareTo(o.amount()) >= 0) {
                left = left.subtract(o.amount());
                paid.add(o);
            } else if (!o.alreadyOwed()) {
                newlyOwed.add(o);
            }
        }
        return new Decision(paid, newlyOwed, left);
    }
}
