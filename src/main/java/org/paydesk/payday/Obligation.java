package org.paydesk.payday;

import java.math.BigDecimal;

/** What a tipper must pay in a payday: an owed amount from earlier (owedItemId set) or a tip due now. */
record Obligation(long tipId, Long owedItemId, long tipperId, long tippeeId, BigDecimal amount) {
}
