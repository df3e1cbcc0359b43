package org.paydesk.ui.accounts;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.money.Money;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The accounts list: pages of participants read from the server with a keyset, for the current
 * search. Each search bumps a generation number; a page that arrives for an older generation
 * is dropped, so a slow stale query can never overwrite a newer result.
 */
public final class AccountsViewModel {

    public static final int PAGE_SIZE = 200;

    private final ParticipantDirectory directory;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;
    private final int pageSize;

    private final ObservableList<AccountRow> rows = FXCollections.observableArrayList();
    private final ObservableList<AccountRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "");
    private final ReadOnlyStringWrapper shown = new ReadOnlyStringWrapper(this, "shown", "");
    private final StringProperty busyMessage = new SimpleStringProperty(this, "busyMessage");

    private String search = "";
    private long generation;

    public AccountsViewModel(ParticipantDirectory directory, TaskExecutor executor, Currency currency, Locale locale) {
        this(directory, executor, currency, locale, PAGE_SIZE);
    }

    public AccountsViewModel(ParticipantDirectory directory, TaskExecutor executor, Currency currency, Locale locale,
                             int pageSize) {
        this.directory = directory;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
        this.pageSize = pageSize;
        busyMessage.addListener((o, old, now) -> updateTexts());
        updateTexts();
    }

    /** Starts over with the first page of participants matching {@code term} (all when blank). */
    public void search(String term) {
        search = term == null ? "" : term.strip();
        long ticket = ++generation;
        loading.set(true);
        updateTexts();
        load(ticket, null, true);
    }

    /** Reloads the first page of the current search, e.g. after data changed. */
    public void refresh() {
        search(search);
    }

    /** Appends the next page, unless one is on its way or the last one was short. */
    public void loadNextPage() {
        if (loading.get() || !hasMore.get() || rows.isEmpty()) {
            return;
        }
        loading.set(true);
        load(generation, rows.get(rows.size() - 1).username(), false);
    }

    private void load(long ticket, String afterUsername, boolean replace) {
        String term = search;
        executor.execute(BackgroundTask.<List<AccountRow>>of(progress -> directory.page(term, afterUsername, pageSize))
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

    private void updateTexts() {
        shown.set(rows.isEmpty() ? "" : String.format(locale, "%,d shown%s", rows.size(),
                hasMore.get() ? ", scroll for more" : ""));
        placeholder.set(placeholderText());
    }

    private String placeholderText() {
        if (busyMessage.get() != null) {
            return busyMessage.get();
        }
        if (error.get() != null) {
            return error.get();
        }
        if (loading.get()) {
            return "Loading accounts…";
        }
        if (!search.isEmpty()) {
            return "No participant's username or display name contains “" + search + "”.";
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
        return search;
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
