package org.paydesk.ui.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.participants.AccountQuery;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.AccountSort;
import org.paydesk.participants.Review;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;
import org.paydesk.ui.task.QueuedTaskExecutor;
import org.paydesk.ui.task.TaskExecutor;

@ExtendWith(DatabaseExtension.class)
class AccountsViewModelTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final int PAGE = 3;

    private final Paydesk paydesk;

    AccountsViewModelTest(Paydesk paydesk) {
        this.paydesk = paydesk;
    }

    @BeforeAll
    static void sevenParticipants(Paydesk paydesk) {
        String json = """
                {"participants": [
                  {"username": "erin"}, {"username": "bob", "balance": "12.00"},
                  {"username": "alice", "display_name": "Alice Liddell", "balance": "1234.50"},
                  {"username": "dave", "display_name": "David Smith"}, {"username": "Alina"},
                  {"username": "frank"}, {"username": "carol"}
                ]}""";
        paydesk.importer().importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json",
                paydesk.systemStaffId());
    }

    private AccountsViewModel viewModel(TaskExecutor executor) {
        return new AccountsViewModel(AccountPages.of(paydesk.participants()), executor, USD, Locale.US, PAGE);
    }

    private static List<String> usernames(AccountsViewModel viewModel) {
        return viewModel.rows().stream().map(AccountRow::username).toList();
    }

    @Test
    void firstPageHoldsTheFirstUsernamesInCaseInsensitiveOrder() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());

        viewModel.search("");

        assertThat(usernames(viewModel)).containsExactly("alice", "Alina", "bob");
        assertThat(viewModel.hasMoreProperty().get()).isTrue();
        assertThat(viewModel.loadingProperty().get()).isFalse();
        assertThat(viewModel.shownProperty().get()).isEqualTo("3 shown, scroll for more");
        assertThat(viewModel.rows().get(0).balance()).isEqualByComparingTo("1234.50");
    }

    @Test
    void theListIsReadAgainWhenTheWorkThatKeptItBusyEnds() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());
        viewModel.busyMessageProperty().set("Loading demo data… 40 %");
        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.placeholderProperty().get()).isEqualTo("Loading demo data… 40 %");

        viewModel.busyMessageProperty().set(null); // demo data loaded

        assertThat(usernames(viewModel)).containsExactly("alice", "Alina", "bob");
    }

    @Test
    void nextPageContinuesAfterTheLastUsernameUntilAShortPage() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());
        viewModel.search("");

        viewModel.loadNextPage();
        assertThat(usernames(viewModel)).containsExactly("alice", "Alina", "bob", "carol", "dave", "erin");
        assertThat(viewModel.hasMoreProperty().get()).isTrue();

        viewModel.loadNextPage();
        assertThat(usernames(viewModel)).endsWith("erin", "frank").hasSize(7);
        assertThat(viewModel.hasMoreProperty().get()).isFalse();

        viewModel.loadNextPage();
        assertThat(viewModel.rows()).hasSize(7);
    }

    @Test
    void searchMatchesUsernameOrDisplayNameIgnoringCase() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());

        viewModel.search("AL");
        assertThat(usernames(viewModel)).containsExactly("alice", "Alina");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();

        viewModel.search("  smith ");
        assertThat(usernames(viewModel)).containsExactly("dave");

        viewModel.search("nobody");
        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.placeholderProperty().get()).contains("“nobody”");
    }

    @Test
    void resultOfAnOlderSearchArrivingLastIsDropped() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        AccountsViewModel viewModel = viewModel(executor);
        viewModel.search("al");
        viewModel.search("bob");

        executor.run(1); // the newer search answers first
        executor.run(0); // then the stale one

        assertThat(usernames(viewModel)).containsExactly("bob");
        assertThat(viewModel.currentSearch()).isEqualTo("bob");
        assertThat(viewModel.loadingProperty().get()).isFalse();
    }

    @Test
    void staleResultDoesNotEndLoadingOfTheCurrentSearch() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        AccountsViewModel viewModel = viewModel(executor);
        viewModel.search("al");
        viewModel.search("bob");

        executor.run(0);

        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.loadingProperty().get()).isTrue();
        assertThat(viewModel.placeholderProperty().get()).isEqualTo("Loading accounts…");
    }

    @Test
    void nextPageOfAPreviousSearchIsDropped() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        AccountsViewModel viewModel = viewModel(executor);
        viewModel.search("");
        executor.runAll();
        viewModel.loadNextPage();
        viewModel.search("smith");

        executor.run(1);
        executor.run(0);

        assertThat(usernames(viewModel)).containsExactly("dave");
    }

    @Test
    void onlyOneNextPageIsRequestedAtATime() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        AccountsViewModel viewModel = viewModel(executor);
        viewModel.search("");
        executor.runAll();

        viewModel.loadNextPage();
        viewModel.loadNextPage();

        assertThat(executor.size()).isEqualTo(1);
        executor.runAll();
        assertThat(viewModel.rows()).hasSize(6);
    }

    @Test
    void sortsOnTheServerAndPagesOnWithTheKeysetWithoutRepeatsOrGaps() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());
        viewModel.search("");

        viewModel.sortBy(AccountSort.BALANCE, true);
        assertThat(usernames(viewModel)).startsWith("alice", "bob").hasSize(3);
        viewModel.loadNextPage();
        viewModel.loadNextPage();

        assertThat(usernames(viewModel)).hasSize(7).doesNotHaveDuplicates();
        assertThat(viewModel.rows()).extracting(AccountRow::balance)
                .isSortedAccordingTo(java.util.Comparator.<BigDecimal>reverseOrder());
        assertThat(viewModel.queryProperty().get().sort()).isEqualTo(AccountSort.BALANCE);
    }

    @Test
    void searchAndFiltersKeepTheSortAndSayWhenNothingMatches() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());
        viewModel.sortBy(AccountSort.USERNAME, true);

        viewModel.search("al");
        assertThat(usernames(viewModel)).containsExactly("Alina", "alice");

        viewModel.filterReview(Review.WHITELISTED);
        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.placeholderProperty().get()).contains("“al”").contains("filters allow");

        viewModel.search("");
        assertThat(viewModel.placeholderProperty().get()).isEqualTo("No participant matches the filters.");

        viewModel.filterReview(null);
        viewModel.filterFlags(false, false, false, false);
        assertThat(usernames(viewModel)).containsExactly("frank", "erin", "dave");
        assertThat(viewModel.queryProperty().get().descending()).isTrue();
    }

    @Test
    void filtersNarrowToParticipantsWithMoney() {
        AccountsViewModel viewModel = viewModel(new CurrentThreadTaskExecutor());

        viewModel.filterFlags(false, false, false, true);
        assertThat(viewModel.rows()).isEmpty();
        viewModel.filterFlags(false, false, true, false);
        assertThat(viewModel.rows()).isEmpty();
        viewModel.filterFlags(false, false, false, false);
        viewModel.sortBy(AccountSort.BALANCE, false);
        assertThat(viewModel.rows().get(0).balance()).isEqualByComparingTo("0.00");
    }

    private static AccountRow row(long id, String username, String balance) {
        return new AccountRow(id, username, username, Review.UNREVIEWED, true, null, new BigDecimal(balance),
                BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), null, null, null, null);
    }

    @Test
    void refreshRereadsOnlyTheShownRowsAndUpdatesThemInPlace() {
        java.util.Map<Long, AccountRow> database = new java.util.HashMap<>(java.util.Map.of(
                1L, row(1, "ann", "1.00"), 2L, row(2, "ben", "2.00")));
        List<List<Long>> asked = new java.util.ArrayList<>();
        AccountPages pages = new AccountPages() {
            @Override
            public List<AccountRow> page(AccountQuery query, AccountRow after, int limit) {
                return database.values().stream().sorted(java.util.Comparator.comparing(AccountRow::id)).toList();
            }

            @Override
            public List<AccountRow> rows(List<Long> ids) {
                asked.add(ids);
                return ids.stream().map(database::get).toList();
            }
        };
        AccountsViewModel viewModel = new AccountsViewModel(pages, new CurrentThreadTaskExecutor(), USD, Locale.US, PAGE);
        viewModel.search("");
        AccountRow ben = viewModel.rows().get(1);

        database.put(1L, row(1, "ann", "9.99"));
        viewModel.refreshShown();

        assertThat(asked).containsExactly(List.of(1L, 2L));
        assertThat(viewModel.rows().get(0).balance()).isEqualByComparingTo("9.99");
        assertThat(viewModel.rows().get(1)).as("unchanged rows are left alone").isSameAs(ben);
    }

    @Test
    void aRefreshOvertakenByANewSearchIsDropped() {
        AccountPages pages = new AccountPages() {
            @Override
            public List<AccountRow> page(AccountQuery query, AccountRow after, int limit) {
                return query.search().isEmpty() ? List.of(row(1, "ann", "1.00")) : List.of(row(2, "ben", "2.00"));
            }

            @Override
            public List<AccountRow> rows(List<Long> ids) {
                return List.of(row(1, "ann", "5.00"));
            }
        };
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        AccountsViewModel viewModel = new AccountsViewModel(pages, executor, USD, Locale.US, PAGE);
        viewModel.search("");
        executor.runAll();
        viewModel.refreshShown();
        viewModel.search("ben");

        executor.run(1);
        executor.run(0);

        assertThat(usernames(viewModel)).containsExactly("ben");
        assertThat(viewModel.rows().get(0).balance()).isEqualByComparingTo("2.00");
    }

    @Test
    void amountsAreFormattedInTheInstallationCurrency() {
        AccountsViewModel dollars = viewModel(new CurrentThreadTaskExecutor());
        AccountsViewModel euros = new AccountsViewModel(AccountPages.of(paydesk.participants()), new CurrentThreadTaskExecutor(),
                Currency.getInstance("EUR"), Locale.GERMANY, PAGE);

        assertThat(dollars.formatMoney(new BigDecimal("1234.50"))).isEqualTo("$1,234.50");
        assertThat(dollars.formatMoney(new BigDecimal("-0.30"))).isEqualTo("-$0.30");
        assertThat(euros.formatMoney(new BigDecimal("1234.50"))).isEqualTo("1.234,50\u00a0€");
    }
}
