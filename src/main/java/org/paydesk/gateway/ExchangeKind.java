package org.paydesk.gateway;

/** What an exchange asks of the gateway; the names are those of {@code exchange.kind}. */
public enum ExchangeKind {
    /** A card charge (a payday's pay-in). */
    CHARGE,
    /** A credit to a bank account (a payday's pay-out, or a full refund with a bank route). */
    PAYOUT,
    /** A refund of an earlier charge to its card (a full refund without a bank route). */
    CARD_REFUND
}
