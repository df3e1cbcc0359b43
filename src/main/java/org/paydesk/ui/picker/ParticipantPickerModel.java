package org.paydesk.ui.picker;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.participants.AccountRow;
import org.paydesk.participants.ParticipantDirectory;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * Choosing one participant by searching: the first few matches of the term, read from the server.
 * A newer search drops the results of an older one that arrives late.
 */
public final class ParticipantPickerModel {

    public static final int CANDIDATES = 8;

    private final ParticipantDirectory directory;
    private final TaskExecutor executor;
    private final ObservableList<AccountRow> candidates = FXCollections.observableArrayList();
    private final ObjectProperty<AccountRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(this, "searching");
    private long generation;

    public ParticipantPickerModel(ParticipantDirectory directory, TaskExecutor executor) {
        this.directory = directory;
        this.executor = executor;
    }

    /** Shows the first participants whose username or display name contains {@code term}. */
    public void search(String term) {
        long ticket = ++generation;
        searching.set(true);
        String searched = term == null ? "" : term.strip();
        executor.execute(BackgroundTask.<List<AccountRow>>of(p -> directory.page(searched, null, CANDIDATES))
                .onSuccess(rows -> {
                    if (ticket == generation) {
                        candidates.setAll(rows);
                        searching.set(false);
                    }
                })
                .onFailure(e -> {
                    if (ticket == generation) {
                        candidates.clear();
                        searching.set(false);
                    }
                }));
    }

    /** Chooses the participant named {@code username} (an entry point that already knows who). */
    public void preselect(String username) {
        long ticket = ++generation;
        executor.execute(BackgroundTask.of(p -> directory.findByUsername(username))
                .onSuccess(found -> {
                    if (ticket == generation) {
                        found.ifPresent(row -> {
                            candidates.setAll(List.of(row));
                            selected.set(row);
                        });
                    }
                }));
    }

    public ObservableList<AccountRow> candidates() {
        return candidates;
    }

    /** The chosen participant, null until one is chosen. */
    public ObjectProperty<AccountRow> selectedProperty() {
        return selected;
    }

    public AccountRow selected() {
        return selected.get();
    }

    public ReadOnlyBooleanProperty searchingProperty() {
        return searching.getReadOnlyProperty();
    }
}
