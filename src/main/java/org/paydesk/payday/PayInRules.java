package org.paydesk.payday;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.paydesk.money.FeeSchedule;

/**
 * The pay-in's decisions for one tipper (DESIGN §6.3), apart from how they are written: whether
 * the card is charged and for how much, and which obligations move and which become owed. Used by
 * the run ({@link PayIn}) and by the preview ({@link PaydayPreview}), so the two cannot disagree.
 */
final class PayInRules {

    private PayInRules() {
    }

    /** The charge decision: nothing, short with no card to charge, or a charge of {@code quote}. */
    record Charge(boolean noCard, FeeSchedule.ChargeQuote quote) {
        static final Charge NONE = new Charge(false, null);
        static final Charge NO_CARD = new Charge(true, null);
    }

    /** What one tipper's obligations came to: moved in full, newly owed, and the balance left. */
    record Transfers(List<Obligation> moved, List<Obligation> owedNew, BigDecimal movedAmount, BigDecimal balance) {
    }

    /**
     * A tipper short of their obligations is charged for the shortfall (raised to the minimum,
     * fees on top) when WHITELISTED with a card; short with no card is counted; otherwise nothing.
     */
    static Charge charge(BigDecimal committed, BigDecimal obligations, boolean whitelisted, boolean hasCard,
                         FeeSchedule fees) {
        BigDecimal shortfall = obligations.subtract(committed);
        if (shortfall.signum() <= 0) {
            return Charge.NONE;
        }
        if (!hasCard) {
            return Charge.NO_CARD;
        }
        return whitelisted ? new Charge(false, fees.chargeFor(shortfall)) : Charge.NONE;
    }

    /**
     * Each obligation in order moves in full if the balance covers it; a tip due that it does not
     * cover becomes owed, and an owed amount not covered stays owed as it was.
     */
    static Transfers transfer(BigDecimal balance, List<Obligation> obligations) {
        List<Obligation> moved = new ArrayList<>();
        List<Obligation> owedNew = new ArrayList<>();
        BigDecimal movedAmount = BigDecimal.ZERO;
        for (Obligation o : obligations) {
            if (balance.compareTo(o.amount()) >= 0) {
                balance = balance.subtract(o.amount());
                moved.add(o);
                movedAmount = movedAmount.add(o.amount());
            } else if (o.owedItemId() == null) {
                owedNew.add(o);
            }
        }
        return new Transfers(moved, owedNew, movedAmount, balance);
    }
}
