package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A payday's error list read a page at a time (the history screen), in the same order as the whole list. */
class PaydayErrorPagesTest {

    private static String tippers(int n) {
        StringBuilder json = new StringBuilder("{\"participants\": [{\"username\": \"creator\"}");
        for (int i = 0; i < n; i++) {
            json.append(",{\"username\": \"t").append(i).append("\", \"review\": \"WHITELISTED\", \"balance\": \"5.00\"}");
        }
        json.append("], \"tips\": [");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"tipper\": \"t").append(i)
                    .append("\", \"tippee\": \"creator\", \"amount\": \"1.00\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeats() {
        try (PaydayFixture f = new PaydayFixture(tippers(23))) {
            // Every transfer fails, so each tipper leaves an error.
            f.sql("create function refuse_transfers() returns trigger language plpgsql as $$ begin"
                    + " raise exception 'the bank is on fire'; end $$");
            f.sql("create trigger refuse_transfers before insert on transfer for each row execute function refuse_transfers()");
            long id = f.run().id();
            List<PaydayError> whole = f.paydesk.paydays().errors(id);
            assertThat(whole).hasSizeGreaterThanOrEqualTo(23);

            List<PaydayError> paged = new ArrayList<>();
            List<Boolean> more = new ArrayList<>();
            long after = 0;
            Paydays.ErrorPage page;
            do {
                page = f.paydesk.paydays().errors(id, after, 10);
                assertThat(page.errors()).hasSizeLessThanOrEqualTo(10);
                paged.addAll(page.errors());
                more.add(page.more());
                after = page.lastId();
            } while (page.more());

            assertThat(paged).isEqualTo(whole);
            assertThat(more).hasSize((whole.size() + 9) / 10).last().isEqualTo(false);
            assertThat(f.paydesk.paydays().errors(id, after, 10).errors()).isEmpty();
            assertThat(f.paydesk.paydays().errors(id + 1, 0, 10).errors()).as("another payday's errors").isEmpty();
            assertThatThrownBy(() -> f.paydesk.paydays().errors(id, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
