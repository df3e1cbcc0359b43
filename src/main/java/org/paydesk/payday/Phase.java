package org.paydesk.payday;

/** The steps of a payday (DESIGN §6), in order; the payday row records the one it is in. */
public enum Phase {
    START, REFUNDS, PAYIN, SETTLE, PAYOUT, CHECKS, DONE;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
