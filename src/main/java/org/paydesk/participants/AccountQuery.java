package org.paydesk.participants;

import java.util.Objects;

/**
 * What the accounts list asks for: a search term, a sort, and filters that all must hold.
 *
 * @param search      part of the username or display name, case-insensitive; blank for all
 * @param sort        the column to sort by, on the server
 * @param descending  largest first
 * @param review      only this review state; null for any
 * @param hasCard     only participants with a card
 * @param hasBank     only participants with a bank account
 * @param owesMoney   only participants with open owed items
 * @param belowZero   only participants whose visible balance (committed less owed) is below zero
 */
public record AccountQuery(String search, AccountSort sort, boolean descending, Review review, boolean hasCard,
                           boolean hasBank, boolean owesMoney, boolean belowZero) {

    public static final AccountQuery ALL = new AccountQuery("", AccountSort.USERNAME, false, null, false, false,
            false, false);

    public AccountQuery {
        search = search == null ? "" : search.strip();
        Objects.requireNonNull(sort);
    }

    public AccountQuery withSearch(String term) {
        return new AccountQuery(term, sort, descending, review, hasCard, hasBank, owesMoney, belowZero);
    }

    public AccountQuery withSort(AccountSort by, boolean desc) {
        return new AccountQuery(search, by, desc, review, hasCard, hasBank, owesMoney, belowZero);
    }

    public AccountQuery withReview(Review state) {
        return new AccountQuery(search, sort, descending, state, hasCard, hasBank, owesMoney, belowZero);
    }

    public AccountQuery withFlags(boolean card, boolean bank, boolean owes, boolean negative) {
        return new AccountQuery(search, sort, descending, review, card, bank, owes, negative);
    }

    /** True when some filter beyond the search narrows the list. */
    public boolean filtered() {
        return review != null || hasCard || hasBank || owesMoney || belowZero;
    }
}
