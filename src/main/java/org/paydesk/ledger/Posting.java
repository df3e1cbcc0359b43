package org.paydesk.ledger;

import java.math.BigDecimal;
import org.paydesk.money.Money;

/** One line of a journal entry: {@code amount} added to (or, when negative, taken from) an account. */
public record Posting(long accountId, BigDecimal amount) {

    public Posting {
        amount = Money.cents(amount);
        if (amount.signum() == 0) {
            throw new IllegalArgumentException("a posting cannot be zero");
        }
    }
}
