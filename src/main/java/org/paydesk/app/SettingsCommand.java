package org.paydesk.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.Callable;
import org.paydesk.settings.SettingsStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code settings list | set KEY VALUE}: the installation's settings (fees, minimums, expiry, latency). */
@Command(name = "settings", description = "The installation's settings.",
        subcommands = {SettingsCommand.ListSettings.class, SettingsCommand.Set.class})
final class SettingsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: settings list or settings set KEY VALUE");
    }

    @Command(name = "list", description = "Every setting with its value.")
    static final class ListSettings implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the settings as a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                List<SettingsStore.Entry> all = paydesk.settingsStore().list();
                if (json) {
                    ObjectMapper mapper = new ObjectMapper();
                    ArrayNode array = mapper.createArrayNode();
                    all.forEach(e -> array.addObject().put("key", e.key()).put("value", e.value())
                            .put("updated_at", e.updatedAt().toString()));
                    root.out().println(array.toPrettyString());
                    return 0;
                }
                TextTable table = TextTable.of("key", "value", "updated");
                all.forEach(e -> table.row(e.key(), e.value(), e.updatedAt()));
                table.print(root.out());
                return 0;
            }
        }
    }

    @Command(name = "set", description = "Change one setting. The whole set is checked with the new value first:"
            + " a bad value is refused naming the setting, and nothing changes. Audited; the next payday run uses it.")
    static final class Set implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The setting (see settings list).")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        public Integer call() {
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                paydesk.settingsStore().update(paydesk.systemCaller(), key, value);
                root.out().println("Set " + key + " = " + value.strip());
                return 0;
            }
        }
    }
}
