package org.paydesk.ui.refunds;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.refunds.RefundService;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * Refunds with some statuses, newest first, read a page at a time (a keyset on the id) and
 * refreshed by a poll; the selection survives a refresh. A reply to an older read is dropped.
 */
public final class RefundList {

    private final RefundService refunds;
    private final TaskExecutor executor;
    private final int pageSize;
    private final String emptyText;
    private final ObservableList<Refund> rows = FXCollections.observableArrayList();
    private final ObservableList<Refund> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<Refund> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "Loading refunds…");
    private Set<Status> statuses;
    private long generation;
    private Long selectAfterLoad;

    public RefundList(RefundService refunds, TaskExecutor executor, Set<Status> statuses, int pageSize, String emptyText) {
        this.refunds = refunds;
        this.executor = executor;
        this.statuses = statuses.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(statuses);
        this.pageSize = pageSize;
        this.emptyText = emptyText;
    }

    /** Shows refunds with these statuses (all when empty), from the newest. */
    public void show(Set<Status> shown) {
        statuses = shown.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(shown);
        reload();
    }

    public void reload() {
        load(++generation, null, pageSize, true);
    }

    /** Re-reads what is shown, so changes made elsewhere appear; skipped while a read is on its way. */
    public void refresh() {
        if (!loading.get()) {
            load(++generation, null, Math.max(pageSize, rows.size()), true);
        }
    }

    /** Reloads, then selects refund {@code id}. */
    public void reloadAndSelect(long id) {
        selectAfterLoad = id;
        reload();
    }

    public void loadNextPage() {
        if (!loading.get() && hasMore.get() && !rows.isEmpty()) {
            load(generation, rows.get(rows.size() - 1).id(), pageSize, false);
        }
    }

    private void load(long ticket, Long beforeId, int limit, boolean replace) {
        loading.set(true);
        Set<Status> shown = statuses;
        executor.execute(BackgroundTask.<List<Refund>>of(p -> refunds.page(shown, beforeId, limit))
                .onSuccess(page -> {
                    if (ticket != generation) {
                        return;
                    }
                    Long keep = selectAfterLoad != null ? selectAfterLoad : selected.get() == null ? null : selected.get().id();
                    selectAfterLoad = null;
                    Refund fresh = keep == null ? null : page.stream().filter(r -> r.id() == keep).findFirst()
                            .orElse(replace ? null : selected.get());
                    if (fresh == null || !fresh.equals(selected.get())) {
                        selected.set(fresh);
                    }
                    if (replace) {
                        rows.setAll(page);
                    } else {
                        rows.addAll(page);
                    }
                    hasMore.set(page.size() == limit);
                    loading.set(false);
                    placeholder.set(emptyText);
                })
                .onFailure(e -> {
                    if (ticket == generation) {
                        loading.set(false);
                        placeholder.set("Could not read refunds: " + ErrorText.explain(e));
                    }
                }));
    }

    public void select(Refund refund) {
        selected.set(refund);
    }

    public ObservableList<Refund> rows() {
        return readOnlyRows;
    }

    public ReadOnlyObjectProperty<Refund> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }
}
