package org.paydesk.ledger;

/** What a journal entry records; mirrors the CHECK on {@code journal_entry.kind}. */
public enum EntryKind {
    OPENING_BALANCE, CHARGE, TIP_TRANSFER, SETTLE, PAYOUT, REFUND,
    PAYMENT_IN, CREDIT, DEBIT, CHARGEBACK, REVERSAL
}
