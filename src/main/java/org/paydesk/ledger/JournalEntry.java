package org.paydesk.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A balanced set of postings, written as one row of {@code journal_entry} and its postings. */
public record JournalEntry(EntryKind kind, Long paydayId, Long staffId, String description, List<Posting> postings) {

    public JournalEntry {
        Objects.requireNonNull(kind, "kind");
        postings = List.copyOf(postings);
        if (postings.size() < 2) {
            throw new IllegalArgumentException("a journal entry needs at least two postings");
        }
        BigDecimal sum = postings.stream().map(Posting::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.signum() != 0) {
            throw new IllegalArgumentException("journal entry " + kind + " does not balance: its postings sum to "
                    + sum.toPlainString());
        }
    }

    /** An entry moving {@code amount} from one account to another. */
    public static JournalEntry transfer(EntryKind kind, long fromAccount, long toAccount, BigDecimal amount,
                                        Long paydayId, Long staffId, String description) {
        return new JournalEntry(kind, paydayId, staffId, description,
                List.of(new Posting(fromAccount, amount.negate()), new Posting(toAccount, amount)));
    }

    public static Builder builder(EntryKind kind) {
        return new Builder(kind);
    }

    /** Collects postings for an entry with more than two lines. */
    public static final class Builder {
        private final EntryKind kind;
        private final List<Posting> postings = new ArrayList<>();
        private Long paydayId;
        private Long staffId;
        private String description;

        private Builder(EntryKind kind) {
            this.kind = kind;
        }

        public Builder payday(Long id) {
            this.paydayId = id;
            return this;
        }

        public Builder staff(Long id) {
            this.staffId = id;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder post(long accountId, BigDecimal amount) {
            postings.add(new Posting(accountId, amount));
            return this;
        }

        public JournalEntry build() {
            return new JournalEntry(kind, paydayId, staffId, description, postings);
        }
    }
}
