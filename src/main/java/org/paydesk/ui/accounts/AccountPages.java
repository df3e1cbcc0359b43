package org.paydesk.ui.accounts;

import java.util.List;
import org.paydesk.participants.AccountQuery;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.ParticipantDirectory;

/** What the accounts list reads: pages of a query, and the shown rows again. A lambda in tests. */
public interface AccountPages {

    /** Up to {@code limit} rows of {@code query} after {@code after} (null: from the start). */
    List<AccountRow> page(AccountQuery query, AccountRow after, int limit);

    /** The current state of these participants; any order, missing ones left out. */
    List<AccountRow> rows(List<Long> ids);

    static AccountPages of(ParticipantDirectory directory) {
        return new AccountPages() {
            @Override
            public List<AccountRow> page(AccountQuery query, AccountRow after, int limit) {
                return directory.page(query, after, limit);
            }

            @Override
            public List<AccountRow> rows(List<Long> ids) {
                return directory.rowsByIds(ids);
            }
        };
    }
}
