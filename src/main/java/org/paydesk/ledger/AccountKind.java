package org.paydesk.ledger;

/** Kinds of ledger account: one account per participant, and one of each system kind. */
public enum AccountKind {
    PARTICIPANT,
    /** Money moving in and out of the platform through the gateway or offline. */
    GATEWAY_CLEARING,
    PLATFORM_FEES,
    REFUNDS_PAYABLE,
    UNCOLLECTABLE_LOSSES,
    /** Tips transferred during a payday's pay-in, not yet settled to the tippees. */
    PENDING_TRANSFERS,
    /** Opening balances and staff credits and debits. */
    ADJUSTMENTS
}
