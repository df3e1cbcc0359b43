package org.paydesk.participants;

/**
 * The orders the accounts list can be read in. Each is backed by an index (V10), and each but the
 * username breaks ties by participant id, so a keyset (last key, last id) resumes exactly.
 */
public enum AccountSort {
    USERNAME("lower(p.username)"),
    BALANCE("a.committed"),
    OWED("a.owed"),
    REVIEW("p.review"),
    LAST_CHARGE("coalesce(p.last_charge_result, '')");

    final String expression;

    AccountSort(String expression) {
        this.expression = expression;
    }

    /** The value of this sort key for {@code row}, as the keyset passes it back to the query. */
    Object keyOf(AccountRow row) {
        return switch (this) {
            case USERNAME -> row.username().toLowerCase(java.util.Locale.ROOT);
            case BALANCE -> row.balance();
            case OWED -> row.owed();
            case REVIEW -> row.review().name();
            case LAST_CHARGE -> row.lastChargeResult() == null ? "" : row.lastChargeResult();
        };
    }
}
