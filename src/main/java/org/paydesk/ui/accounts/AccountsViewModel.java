package org.paydesk.ui.accounts;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.money.Money;
import org.paydesk.participants.AccountQuery;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.AccountSort;
import org.paydesk.participants.Review;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The accounts list: pages of participants read from the server with a keyset, for the current
 * query (search, sort, filters). Each new query bumps a generation number; a page that arrives
 * for an older generation is dropped, so a slow stale query can never overwrite a newer result.
 * {@link #refreshShown()} re-reads only the rows already loaded, so changes made elsewhere show up
 * without a search and without losing the scroll position.
 */
public final class AccountsViewModel {

    public static final int PAGE_SIZE = 200;
    /** At most this many loaded rows are re-read by a refresh: the top of what was scrolled through. */
    static final int REFRESH_LIMIT = 1_000;

    private final AccountPages pages;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;
    private final int pageSize;

    private final ObservableList<AccountRow> rows = FXCollections.observableArrayList();
    private final ObservableList<AccountRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<AccountQuery> query = new ReadOnlyObjectWrapper<>(this, "query", AccountQuery.ALL);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "");
    private final ReadOnlyStringWrapper shown = new ReadOnlyStringWrapper(this, "shown", "");
    private final StringProperty busyMessage = new SimpleStringProperty(this, "busyMessage");

    private long generation;
    private boolean refreshing;

    public AccountsViewModel(AccountPages pages, TaskExecutor executor, Currency currency, Locale locale) {
        this(pages, executor, currency, locale, PAGE_SIZE);
    }

    public AccountsViewModel(AccountPages pages, TaskExecutor executor, Currency currency, Locale locale,
                             int pageSize) {
        this.pages = pages;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
        this.pageSize = pageSize;
        busyMessage.addListener((o, old, now) -> {
            updateTexts();
            if (old != null && now == null) {
                // The work that kept the list busy (demo data loading) is over: what it wrote is shown.
                refresh();
            }
        });
        updateTexts();
    }

    /** Starts over with the first page of participants matching {@code term} (all when blank). */
    public void search(String term) {
        run(query.get().withSearch(term));
    }

    /** Sorts by {@code sort} on the server, starting over from the first page. */
    public void sortBy(AccountSort sort, boolean descending) {
        run(query.get().withSort(sort, descending));
    }

    /** Only participants in this review state (null: any). */
    public void filterReview(Review review) {
        run(query.get().withReview(review));
    }

    /** The yes/no filters: has a card, has a bank account, owes money, visible balance below zero. */
    public void filterFlags(boolean hasCard, boolean hasBank, boolean owesMoney, boolean belowZero) {
        run(query.get().withFlags(hasCard, hasBank, owesMoney, belowZero));
    }

    /** Reloads the first page of the current query. */
    public void refresh() {
        run(query.get());
    }

    private void run(AccountQuery next) {
        query.set(next);
        long ticket = ++generation;
        refreshing = false;
        loading.set(true);
        updateTexts();
        load(ticket, null, true);
    }

    /** Appends the next page, unless one is on its way or the last one was short. */
    public void loadNextPage() {
        if (loading.get() || !hasMore.get() || rows.isEmpty()) {
            return;
        }
        loading.set(true);
        load(generation, rows.get(rows.size() - 1), false);
    }

    private void load(long ticket, AccountRow after, boolean replace) {
        AccountQuery asked = query.get();
        executor.execute(BackgroundTask.<List<AccountRow>>of(progress -> pages.page(asked, after, pageSize))
                .onSuccess(page -> {
                    if (ticket != generation) {
                        return;
                    }
                    if (replace) {
                        rows.setAll(page);
                    } else {
                        rows.addAll(page);
                    }
                    hasMore.set(page.size() == pageSize);
                    error.set(null);
                    loading.set(false);
                    updateTexts();
                })
                .onFailure(e -> {
                    if (ticket != generation) {
                        return;
                    }
                    error.set("Could not load accounts: " + ErrorText.explain(e));
                    loading.set(false);
                    updateTexts();
                }));
    }

    /**
     * Reads the loaded rows again (balances, review states, results changed by a payday, a command or
     * another workstation) and updates them in place. Skipped while a page loads; dropped if a new
     * query starts before it returns.
     */
    public void refreshShown() {
        if (loading.get() || refreshing || rows.isEmpty()) {
            return;
        }
        long ticket = generation;
        List<Long> ids = rows.stream().limit(REFRESH_LIMIT).map(AccountRow::id).toList();
        refreshing = true;
        executor.execute(BackgroundTask.of(progress -> pages.rows(ids))
                .onSuccess(fresh -> {
                    refreshing = false;
                    if (ticket != generation || loading.get()) {
                        return;
                    }
                    Map<Long, AccountRow> byId = fresh.stream()
                            .collect(Collectors.toMap(AccountRow::id, Function.identity()));
                    for (int i = 0; i < Math.min(rows.size(), REFRESH_LIMIT); i++) {
                        AccountRow now = byId.get(rows.get(i).id());
                        if (now != null && !now.equals(rows.get(i))) {
                            rows.set(i, now);
                        }
                    }
                })
                .onFailure(e -> refreshing = false));
    }

    private void updateTexts() {
        shown.set(rows.isEmpty() ? "" : String.format(locale, "%,d shown%s", rows.size(),
                hasMore.get() ? ", scroll for more" : ""));
        placeholder.set(placeholderText());
    }

    private String placeholderText() {
        AccountQuery current = query.get();
        if (busyMessage.get() != null) {
            return busyMessage.get();
        }
        if (error.get() != null) {
            return error.get();
        }
        if (loading.get()) {
            return "Loading accounts…";
        }
        if (!current.search().isEmpty()) {
            return "No participant's username or display name contains “" + current.search() + "”"
                    + (current.filtered() ? " among those the filters allow." : ".");
        }
        if (current.filtered()) {
            return "No participant matches the filters.";
        }
        return "No participants yet. Load demo data, or import a file with: paydesk import FILE.json";
    }

    /** An amount in the installation's currency, e.g. $1,234.50. */
    public String formatMoney(BigDecimal amount) {
        return amount == null ? "" : Money.format(amount, currency, locale);
    }

    public ObservableList<AccountRow> rows() {
        return readOnlyRows;
    }

    public String currentSearch() {
        return query.get().search();
    }

    /** The search, sort and filters the rows are for. */
    public ReadOnlyObjectProperty<AccountQuery> queryProperty() {
        return query.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the empty table says: loading, no match, nothing yet, or what the app is busy with. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** How many rows are loaded, e.g. "200 shown, scroll for more". */
    public ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** When set, the empty table says this instead (e.g. while demo data is generated). */
    public StringProperty busyMessageProperty() {
        return busyMessage;
    }
}
