package org.paydesk.ui.queue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.money.Money;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.queue.PaymentKind;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.queue.QueuedPayment;
import org.paydesk.queue.QueuedPayment.Status;
import org.paydesk.staff.Caller;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The payment queue screen: pages of items read from the server newest first (a keyset on the id),
 * filtered by status and participant, refreshed by a poll while the screen is shown. Failed items
 * can be retried or cancelled by a clerk; the selected item's failure or clamp note is shown whole.
 */
public final class QueueViewModel {

    public static final int PAGE_SIZE = 100;

    /** One page and who held the processor when it was read. */
    private record Loaded(List<QueuedPayment> page, Optional<ProcessorLock.HolderInfo> holder) {
    }

    private final PaymentQueue queue;
    private final Caller caller;
    private final TaskExecutor executor;
    private final Currency currency;
    private final Locale locale;
    private final int pageSize;
    private final DateTimeFormatter times;

    private final ObservableList<QueuedPayment> rows = FXCollections.observableArrayList();
    private final ObservableList<QueuedPayment> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<Status> statusFilter = new SimpleObjectProperty<>(this, "statusFilter");
    private final ReadOnlyObjectWrapper<QueuedPayment> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper processor = new ReadOnlyStringWrapper(this, "processor", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "Loading the queue…");
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper(this, "canRetry");
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    private String search = "";
    private long generation;
    private Long selectAfterLoad;
    private Optional<ProcessorLock.HolderInfo> holder = Optional.empty();

    public QueueViewModel(PaymentQueue queue, Caller caller, TaskExecutor executor, Currency currency, Locale locale) {
        this(queue, caller, executor, currency, locale, PAGE_SIZE, ZoneId.systemDefault());
    }

    public QueueViewModel(PaymentQueue queue, Caller caller, TaskExecutor executor, Currency currency, Locale locale,
                          int pageSize, ZoneId zone) {
        this.queue = queue;
        this.caller = caller;
        this.executor = executor;
        this.currency = currency;
        this.locale = locale;
        this.pageSize = pageSize;
        this.times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).withZone(zone);
        statusFilter.addListener((o, old, now) -> reload());
        selected.addListener((o, old, now) -> updateSelection());
    }

    /** Starts over from the newest item matching the status filter and the participant {@code term}. */
    public void search(String term) {
        search = term == null ? "" : term.strip();
        reload();
    }

    public void reload() {
        long ticket = ++generation;
        loading.set(true);
        load(ticket, null, pageSize, true);
    }

    /** The poll: re-reads what is shown (at least a page) so status changes made elsewhere appear. */
    public void refresh() {
        if (loading.get()) {
            return;
        }
        long ticket = ++generation;
        loading.set(true);
        load(ticket, null, Math.max(pageSize, rows.size()), true);
    }

    public void loadNextPage() {
        if (loading.get() || !hasMore.get() || rows.isEmpty()) {
            return;
        }
        loading.set(true);
        load(generation, rows.get(rows.size() - 1).id(), pageSize, false);
    }

    private void load(long ticket, Long beforeId, int limit, boolean replace) {
        Status status = statusFilter.get();
        String term = search;
        executor.execute(BackgroundTask.of(p -> new Loaded(queue.page(status, term, beforeId, limit), queue.processorHolder()))
                .onSuccess(loaded -> {
                    if (ticket != generation) {
                        return;
                    }
                    holder = loaded.holder();
                    Long keep = selectAfterLoad != null ? selectAfterLoad : selected.get() == null ? null : selected.get().id();
                    selectAfterLoad = null;
                    if (replace) {
                        rows.setAll(loaded.page());
                    } else {
                        rows.addAll(loaded.page());
                    }
                    hasMore.set(loaded.page().size() == limit);
                    loading.set(false);
                    processor.set(holder.map(h -> h.purpose() + " holds the processor (" + h.staffName() + " on "
                            + h.workstation() + "); queued items wait for it").orElse("Processor free"));
                    placeholder.set(emptyText());
                    reselect(keep);
                })
                .onFailure(e -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    placeholder.set("Could not read the queue: " + ErrorText.explain(e));
                }));
    }

    private String emptyText() {
        if (statusFilter.get() == null && search.isEmpty()) {
            return "Nothing was ever queued. Queue a payment in, a credit, a debit or a chargeback with “Queue payment…”.";
        }
        return "No " + (statusFilter.get() == null ? "" : statusName(statusFilter.get()).toLowerCase(locale) + " ")
                + "item" + (search.isEmpty() ? "" : " for a participant matching “" + search + "”") + ".";
    }

    /** Keeps the same item selected across a reload, with its fresh state. */
    private void reselect(Long id) {
        QueuedPayment fresh = id == null ? null : rows.stream().filter(r -> r.id() == id).findFirst().orElse(null);
        if (fresh != null && !fresh.equals(selected.get())) {
            selected.set(fresh);
        } else {
            updateSelection();
        }
    }

    public void select(QueuedPayment item) {
        selected.set(item);
    }

    private void updateSelection() {
        QueuedPayment item = selected.get();
        boolean clerk = QueueAddViewModel.allowed(caller);
        canRetry.set(clerk && item != null && item.status() == Status.FAILED && !busy.get());
        canCancel.set(clerk && item != null && (item.status() == Status.FAILED || item.status() == Status.QUEUED)
                && !busy.get());
        detail.set(item == null ? "" : describe(item));
    }

    private String describe(QueuedPayment item) {
        StringBuilder text = new StringBuilder();
        text.append('#').append(item.id()).append("  ").append(kindName(item.kind())).append(' ')
                .append(money(item.amount())).append(" for ").append(item.participant()).append(" · ")
                .append(statusText(item)).append(" · queued by ").append(item.queuedBy()).append(' ')
                .append(time(item.queuedAt()));
        if (item.processedAt() != null) {
            text.append(" · processed ").append(time(item.processedAt()));
        }
        if (item.attempts() > 1) {
            text.append(" · ").append(item.attempts()).append(" attempts");
        }
        text.append("\nReason: ").append(item.reason());
        if (item.externalRef() != null) {
            text.append("\nExternal reference: ").append(item.externalRef());
        }
        if (item.error() != null) {
            text.append(item.status() == Status.DONE ? "\nNote: " : "\nError: ").append(item.error());
        }
        return text.toString();
    }

    /** Puts the selected failed item back in the queue and runs a pass at once. */
    public void retry() {
        QueuedPayment item = selected.get();
        if (!canRetry.get()) {
            return;
        }
        act(item, "Retried", p -> {
            queue.retry(caller, item.id(), item.version());
            return processNow();
        });
    }

    /** Takes the selected queued or failed item out of the queue for good. */
    public void cancel() {
        QueuedPayment item = selected.get();
        if (!canCancel.get()) {
            return;
        }
        act(item, "Cancelled", p -> {
            queue.cancel(caller, item.id(), item.version());
            return "";
        });
    }

    private String processNow() {
        try {
            PaymentQueue.ProcessResult result = queue.processQueued(caller);
            return result.failed() == 0 ? "" : "; " + result.failed() + " failed";
        } catch (ProcessorBusyException e) {
            return "; it waits for the processor (" + e.getMessage() + ")";
        }
    }

    private void act(QueuedPayment item, String verb, BackgroundTask.Work<String> work) {
        busy.set(true);
        updateSelection();
        executor.execute(BackgroundTask.of(work)
                .onSuccess(extra -> {
                    busy.set(false);
                    message.set(verb + " #" + item.id() + extra + ".");
                    reload();
                })
                .onFailure(e -> {
                    busy.set(false);
                    message.set(ErrorText.explain(e));
                    reload();
                }));
    }

    /** After the add form queued an item: say what happened and show it selected. */
    public void added(QueueAddViewModel.Added added) {
        message.set(added.message());
        selectAfterLoad = added.id();
        reload();
    }

    /** "Queued", "Processing" (a pass over the queue holds the processor), "Done", "Done, clamped" (a chargeback), "Failed"… */
    public String statusText(QueuedPayment item) {
        if (item.status() == Status.QUEUED && holder.isPresent()) {
            return holder.get().purpose().toLowerCase(locale).contains("queue") ? "Processing" : "Waiting (" + holder.get().purpose() + ")";
        }
        if (item.status() == Status.DONE && item.error() != null) {
            return item.kind() == PaymentKind.CHARGEBACK ? "Done, clamped" : "Done, with a note";
        }
        return statusName(item.status());
    }

    public static String statusName(Status status) {
        return status.name().charAt(0) + status.name().substring(1).toLowerCase(Locale.ROOT);
    }

    public static String kindName(PaymentKind kind) {
        return switch (kind) {
            case PAYMENT_IN -> "Payment in";
            case CREDIT -> "Credit";
            case DEBIT -> "Debit";
            case CHARGEBACK -> "Chargeback";
        };
    }

    public String money(BigDecimal amount) {
        return amount == null ? "" : Money.format(amount, currency, locale);
    }

    public String time(Instant instant) {
        return instant == null ? "" : times.format(instant);
    }

    public boolean canAdd() {
        return QueueAddViewModel.allowed(caller);
    }

    public Caller caller() {
        return caller;
    }

    public ObservableList<QueuedPayment> rows() {
        return readOnlyRows;
    }

    /** The status shown (null: every status). */
    public ObjectProperty<Status> statusFilterProperty() {
        return statusFilter;
    }

    public ReadOnlyObjectProperty<QueuedPayment> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected item in full: reason, reference, the whole error or clamp note. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** The outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Who holds the processor, so a queued item that waits says why. */
    public ReadOnlyStringProperty processorProperty() {
        return processor.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRetryProperty() {
        return canRetry.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }
}
