package org.paydesk.ui.admin;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javafx.beans.Observable;
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
import org.paydesk.staff.AuditDiff;
import org.paydesk.staff.AuditTrail;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The audit log screen: every row newest first, read from the server a page at a time (a keyset on
 * the id), filtered by staff member, action, target and a range of days; the selected row's before
 * and after values side by side, key by key; the filtered rows exported to CSV in the background.
 */
public final class AuditViewModel {

    /** What the screen reads and writes: the audit trail for the signed-in ADMIN. */
    public interface Source {
        List<AuditTrail.Row> page(AuditTrail.Filter filter, int limit);

        long exportCsv(AuditTrail.Filter filter, Path file, BooleanSupplier cancelled);

        /** The staff usernames to filter by. */
        List<String> staffNames();
    }

    public static final int PAGE_SIZE = 100;

    /** The action filter's choices: a prefix stands for every action under it. */
    public static final List<String> ACTIONS = List.of("staff", "staff.add", "staff.roles", "staff.disable", "staff.enable",
            "staff.reset_password", "staff.change_password", "staff.sign_in_failed", "settings", "settings.update",
            "participant.review", "queue", "queue.add", "queue.retry", "queue.cancel", "refund", "refund.request",
            "refund.approve", "refund.reject", "payday", "payday.start", "payday.resume", "payday.cancel");

    private final Source source;
    private final TaskExecutor executor;
    private final ZoneId zone;
    private final int pageSize;
    private final DateTimeFormatter times;

    private final ObservableList<AuditTrail.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<AuditTrail.Row> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> staffNames = FXCollections.observableArrayList();
    private final ObservableList<AuditDiff.Line> diff = FXCollections.observableArrayList();
    private final ObjectProperty<String> staffFilter = new SimpleObjectProperty<>(this, "staffFilter");
    private final ObjectProperty<String> actionFilter = new SimpleObjectProperty<>(this, "actionFilter");
    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>(this, "fromDate");
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>(this, "toDate");
    private final ReadOnlyObjectWrapper<AuditTrail.Row> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper dateProblem = new ReadOnlyStringWrapper(this, "dateProblem");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "Loading the audit log…");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");

    private String target = "";
    private long generation;
    private boolean clearing;
    private AtomicBoolean exportCancelled = new AtomicBoolean();

    public AuditViewModel(Source source, TaskExecutor executor, Locale locale, ZoneId zone) {
        this(source, executor, locale, zone, PAGE_SIZE);
    }

    public AuditViewModel(Source source, TaskExecutor executor, Locale locale, ZoneId zone, int pageSize) {
        this.source = source;
        this.executor = executor;
        this.zone = zone;
        this.pageSize = pageSize;
        this.times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT, FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
        for (Observable filter : new Observable[] {staffFilter, actionFilter, fromDate, toDate}) {
            filter.addListener(o -> {
                if (!clearing) {
                    reload();
                }
            });
        }
        selected.addListener((o, old, row) -> showSelected(row));
    }

    /** On screen: the staff names for the filter, and the newest rows. */
    public void shown() {
        executor.execute(BackgroundTask.of(p -> source.staffNames()).onSuccess(staffNames::setAll)
                .onFailure(e -> message.set(ErrorText.explain(e))));
        reload();
    }

    /** Only rows about {@code text}: a target's type, its id, or both ("staff 3"). */
    public void searchTarget(String text) {
        String now = text == null ? "" : text.strip();
        if (!now.equals(target)) {
            target = now;
            reload();
        }
    }

    public void clearFilters() {
        clearing = true;
        try {
            target = "";
            staffFilter.set(null);
            actionFilter.set(null);
            fromDate.set(null);
            toDate.set(null);
        } finally {
            clearing = false;
        }
        reload();
    }

    /** The rows the filters ask for, from the newest; null while the dates are the wrong way round. */
    public AuditTrail.Filter filter() {
        LocalDate from = fromDate.get();
        LocalDate to = toDate.get();
        if (from != null && to != null && from.isAfter(to)) {
            return null;
        }
        Instant since = from == null ? null : from.atStartOfDay(zone).toInstant();
        Instant until = to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
        return new AuditTrail.Filter(staffFilter.get(), actionFilter.get(), target.isEmpty() ? null : target, since, until,
                null);
    }

    /** Starts over from the newest row matching the filters; an answer to an older request is dropped. */
    public void reload() {
        long ticket = ++generation;
        AuditTrail.Filter filter = filter();
        if (filter == null) {
            dateProblem.set("The first day is after the last day");
            rows.clear();
            selected.set(null);
            hasMore.set(false);
            loading.set(false);
            placeholder.set("No rows: the first day is after the last day.");
            count.set("");
            return;
        }
        dateProblem.set(null);
        loading.set(true);
        load(ticket, filter, true);
    }

    /** The next older page, when there is one and none is being read. */
    public void loadNextPage() {
        if (loading.get() || !hasMore.get() || rows.isEmpty()) {
            return;
        }
        AuditTrail.Filter filter = filter();
        if (filter == null) {
            return;
        }
        loading.set(true);
        load(generation, filter.before(rows.get(rows.size() - 1).id()), false);
    }

    private void load(long ticket, AuditTrail.Filter filter, boolean fresh) {
        executor.execute(BackgroundTask.of(p -> source.page(filter, pageSize))
                .onSuccess(page -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    if (fresh) {
                        rows.setAll(page);
                        selected.set(null);
                    } else {
                        rows.addAll(page);
                    }
                    hasMore.set(page.size() == pageSize);
                    count.set(rows.isEmpty() ? "" : rows.size() + (hasMore.get() ? "+ rows (scroll for more)" : " rows"));
                    placeholder.set(isFiltered() ? "No audit rows match these filters." : "The audit log is empty.");
                })
                .onFailure(e -> {
                    if (ticket != generation) {
                        return;
                    }
                    loading.set(false);
                    hasMore.set(false);
                    String why = ErrorText.explain(e);
                    placeholder.set(why);
                    message.set(why);
                }));
    }

    private boolean isFiltered() {
        return staffFilter.get() != null || actionFilter.get() != null || !target.isEmpty() || fromDate.get() != null
                || toDate.get() != null;
    }

    public void select(AuditTrail.Row row) {
        selected.set(row);
    }

    private void showSelected(AuditTrail.Row row) {
        if (row == null) {
            diff.clear();
            detail.set("");
            return;
        }
        diff.setAll(AuditDiff.of(row.before(), row.after()));
        StringBuilder text = new StringBuilder();
        text.append('#').append(row.id()).append("  ").append(row.action()).append(" by ").append(row.staff())
                .append(" · ").append(time(row.at()));
        if (row.osUser() != null) {
            text.append(" · ").append(workstation(row));
        }
        if (row.targetType() != null) {
            text.append(" · ").append(target(row));
        }
        if (row.detail() != null && !row.detail().isBlank()) {
            text.append("\n").append(row.detail());
        }
        if (diff.isEmpty()) {
            text.append("\nNo before or after values recorded.");
        }
        detail.set(text.toString());
    }

    /** Writes the rows the filters match (all of them, not only those read so far) to {@code file}. */
    public void export(Path file) {
        AuditTrail.Filter filter = filter();
        if (filter == null || exporting.get()) {
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        exportCancelled = cancelled;
        exporting.set(true);
        message.set("Exporting to " + file.getFileName() + "…");
        executor.execute(BackgroundTask.of(p -> source.exportCsv(filter, file, cancelled::get))
                .onSuccess(n -> {
                    exporting.set(false);
                    message.set("Exported " + n + (n == 1 ? " row" : " rows") + " to " + file + ".");
                })
                .onFailure(e -> {
                    exporting.set(false);
                    message.set(ErrorText.explain(e));
                }));
    }

    /** Stops an export in progress; no file is written. */
    public void cancelExport() {
        exportCancelled.set(true);
    }

    public String time(Instant at) {
        return at == null ? "" : times.format(at);
    }

    public static String target(AuditTrail.Row row) {
        if (row.targetType() == null) {
            return "";
        }
        return row.targetType().replace('_', ' ') + (row.targetId() == null ? "" : " " + row.targetId());
    }

    public static String workstation(AuditTrail.Row row) {
        return row.osUser() == null ? "" : row.osUser() + "@" + row.host();
    }

    public static String change(AuditTrail.Row row) {
        return AuditDiff.summary(row.before(), row.after());
    }

    /** A diff line's side for the table: an absent key shows as a dash. */
    public static String side(String value) {
        return value == null ? "—" : value;
    }

    public ObservableList<AuditTrail.Row> rows() {
        return readOnlyRows;
    }

    public ObservableList<String> staffNames() {
        return staffNames;
    }

    /** The selected row's before and after values, key by key. */
    public ObservableList<AuditDiff.Line> diff() {
        return diff;
    }

    public ObjectProperty<String> staffFilterProperty() {
        return staffFilter;
    }

    public ObjectProperty<String> actionFilterProperty() {
        return actionFilter;
    }

    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    public String targetFilter() {
        return target;
    }

    public ReadOnlyObjectProperty<AuditTrail.Row> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the range of days is not usable, or null. */
    public ReadOnlyStringProperty dateProblemProperty() {
        return dateProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** How many rows are shown, and whether there are more. */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }
}
