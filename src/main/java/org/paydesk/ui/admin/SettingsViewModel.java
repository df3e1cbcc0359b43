package org.paydesk.ui.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.paydesk.settings.SettingsChangedException;
import org.paydesk.settings.Settings;
import org.paydesk.settings.SettingsStore;
import org.paydesk.ui.ErrorText;
import org.paydesk.ui.task.BackgroundTask;
import org.paydesk.ui.task.TaskExecutor;

/**
 * The settings form: every setting as a field, checked as it is typed with the error next to the
 * field, saved whole or not at all. A save made on values someone else changed since they were read
 * is refused with a request to reload; the next payday run uses the saved values, with no restart.
 */
public final class SettingsViewModel {

    /** Where the settings come from and go to, for the signed-in ADMIN. */
    public interface Store {
        List<SettingsStore.Entry> list();

        /** Saves {@code changes} in one transaction, unless a setting in {@code seenVersions} changed since. */
        void save(Map<String, String> changes, Map<String, Long> seenVersions);
    }

    /** How a setting is shown: its label and a hint (what it means, its unit). */
    private record Meta(String label, String hint) {
    }

    private static final Map<String, Meta> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("currency", new Meta("Currency", "ISO 4217 code, such as USD or EUR"));
        KNOWN.put("charge.fixed_fee", new Meta("Charge fixed fee", "added to each card charge before the rate"));
        KNOWN.put("charge.rate", new Meta("Charge rate", "multiplier from 1 to 2: 1.039 adds 3.9 %"));
        KNOWN.put("charge.minimum", new Meta("Minimum charge", "a smaller amount is raised to this before fees"));
        KNOWN.put("payout.fee", new Meta("Payout fee", "taken from each payout to a bank"));
        KNOWN.put("payout.minimum", new Meta("Minimum payout", "nobody is paid out less; above the payout fee"));
        KNOWN.put("owed.expiry_weeks", new Meta("Owed amounts expire after", "weeks; older owed amounts are cancelled"));
        KNOWN.put("payday.min_days_between", new Meta("Days between paydays",
                "a payday does not start sooner unless forced"));
        KNOWN.put("gateway.sandbox_latency_ms", new Meta("Sandbox latency", "milliseconds each sandbox gateway call takes"));
    }

    static final String STALE = "Someone else changed the settings since you opened them; nothing was saved."
            + " Reload to see their values, then make your change again.";

    /** One setting in the form. */
    public static final class Field {
        private final String key;
        private final String label;
        private final String hint;
        private final StringProperty text = new SimpleStringProperty(this, "text", "");
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
        private String stored;
        private long version;

        Field(String key) {
            this.key = key;
            Meta meta = KNOWN.getOrDefault(key, new Meta(key, ""));
            this.label = meta.label();
            this.hint = meta.hint();
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        public String hint() {
            return hint;
        }

        public StringProperty textProperty() {
            return text;
        }

        /** Why the typed value cannot be saved, or null. */
        public ReadOnlyStringProperty errorProperty() {
            return error.getReadOnlyProperty();
        }

        public String stored() {
            return stored;
        }

        public boolean isChanged() {
            return !text.get().strip().equals(stored);
        }
    }

    private final Store store;
    private final TaskExecutor executor;
    private final ObservableList<Field> fields = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave");
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper(this, "changed");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");

    public SettingsViewModel(Store store, TaskExecutor executor) {
        this.store = store;
        this.executor = executor;
    }

    /** Reads the stored settings, dropping whatever was typed. */
    public void reload() {
        busy.set(true);
        executor.execute(BackgroundTask.of(p -> store.list()).onSuccess(entries -> {
            busy.set(false);
            show(entries);
            stale.set(false);
            loaded.set(true);
        }).onFailure(e -> {
            busy.set(false);
            message.set(ErrorText.explain(e));
        }));
    }

    private void show(List<SettingsStore.Entry> entries) {
        Map<String, SettingsStore.Entry> byKey = new LinkedHashMap<>();
        KNOWN.keySet().forEach(key -> entries.stream().filter(e -> e.key().equals(key)).findFirst()
                .ifPresent(e -> byKey.put(key, e)));
        entries.forEach(e -> byKey.putIfAbsent(e.key(), e));
        if (!fields.stream().map(Field::key).toList().equals(List.copyOf(byKey.keySet()))) {
            fields.setAll(byKey.keySet().stream().map(key -> {
                Field field = new Field(key);
                field.text.addListener(o -> validate());
                return field;
            }).toList());
        }
        for (Field field : fields) {
            SettingsStore.Entry entry = byKey.get(field.key);
            field.stored = entry.value();
            field.version = entry.version();
            field.text.set(entry.value());
        }
        validate();
    }

    private void validate() {
        Map<String, String> values = new TreeMap<>();
        fields.forEach(f -> values.put(f.key, f.text.get()));
        Map<String, String> problems = Settings.problems(values);
        fields.forEach(f -> f.error.set(capitalized(problems.get(f.key))));
        String general = problems.get("");
        problem.set(general == null ? null : capitalized(general));
        changed.set(fields.stream().anyMatch(Field::isChanged));
        canSave.set(changed.get() && problems.isEmpty() && !busy.get() && !stale.get());
    }

    /** Saves every changed setting in one go, or none; a field with an error stops the save before it starts. */
    public void save() {
        validate();
        if (!canSave.get()) {
            return;
        }
        Map<String, String> changes = new TreeMap<>();
        Map<String, Long> seen = new TreeMap<>();
        for (Field field : fields) {
            seen.put(field.key, field.version);
            if (field.isChanged()) {
                changes.put(field.key, field.text.get().strip());
            }
        }
        busy.set(true);
        canSave.set(false);
        executor.execute(BackgroundTask.of(p -> {
            store.save(changes, seen);
            return store.list();
        }).onSuccess(entries -> {
            busy.set(false);
            show(entries);
            message.set("Saved " + describe(changes) + ". The next payday run uses " + (changes.size() == 1 ? "it." : "them."));
        }).onFailure(e -> {
            busy.set(false);
            if (e instanceof SettingsChangedException) {
                stale.set(true);
                message.set(STALE);
            } else {
                message.set(ErrorText.explain(e));
            }
            validate();
        }));
    }

    private String describe(Map<String, String> changes) {
        List<String> parts = changes.entrySet().stream().map(c -> fields.stream().filter(f -> f.key.equals(c.getKey()))
                .findFirst().map(Field::label).orElse(c.getKey()) + " = " + c.getValue()).toList();
        return String.join(", ", parts);
    }

    private static String capitalized(String text) {
        return text == null || text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    public ObservableList<Field> fields() {
        return fields;
    }

    public Field field(String key) {
        return fields.stream().filter(f -> f.key.equals(key)).findFirst().orElseThrow();
    }

    /** A problem that belongs to no one field, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True after a save was refused because someone else saved first: only a reload helps. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    /** True while some field differs from the stored value. */
    public ReadOnlyBooleanProperty changedProperty() {
        return changed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }
}
