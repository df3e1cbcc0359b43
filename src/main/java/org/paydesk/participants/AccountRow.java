package org.paydesk.participants;

import java.math.BigDecimal;
import java.time.Instant;

/** One participant as the accounts list and the export show it. */
public record AccountRow(long id, String username, String displayName, Review review, boolean claimed,
                         Instant claimedAt, BigDecimal balance, BigDecimal owed, BigDecimal pending,
                         String cardToken, String bankToken, String lastChargeResult, String lastPayoutResult) {

    /** What the member sees: committed less owed; may be negative. */
    public BigDecimal visibleBalance() {
        return balance.subtract(owed);
    }
}
