package org.paydesk.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.paydesk.staff.AuditTrail;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit list}: the append-only audit log (DESIGN §9), newest first. */
@Command(name = "audit", description = "The audit log of every staff action.", subcommands = AuditCommand.ListAudit.class)
final class AuditCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: audit list");
    }

    @Command(name = "list", description = "Audit rows, newest first, a page at a time.")
    static final class ListAudit implements Callable<Integer> {
        // In a holder: picocli builds every command whichever runs, and a mapper costs start-up time.
        private static final class Json {
            static final ObjectMapper MAPPER = new ObjectMapper();
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--staff", paramLabel = "USERNAME", description = "Only this staff member's actions (system: the command line).")
        String staff;

        @Option(names = "--action", paramLabel = "ACTION",
                description = "Only this action (settings.update), or every action under a prefix (settings, payday).")
        String action;

        @Option(names = "--since", paramLabel = "WHEN", converter = SinceConverter.class,
                description = "Only rows from this UTC day (2026-11-20) or moment (2026-11-20T14:30 or 2026-11-20T14:30:00Z) on.")
        Instant since;

        @Option(names = "--until", paramLabel = "WHEN", converter = SinceConverter.class,
                description = "Only rows before this UTC day or moment (same forms as --since).")
        Instant until;

        @Option(names = "--target", paramLabel = "TARGET",
                description = "Only rows about this target: its type (staff, setting), its id (currency) or both (staff 3).")
        String target;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N",
                description = "At most N rows (default 50, at most " + AuditTrail.MAX_PAGE + ").")
        int limit;

        @Option(names = "--before", paramLabel = "ID", description = "Continue a listing: rows older than row ID.")
        Long before;

        @Option(names = "--json", description = "Print the rows as a JSON array.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (limit < 1 || limit > AuditTrail.MAX_PAGE) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--limit must be between 1 and " + AuditTrail.MAX_PAGE + ", got " + limit);
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                AuditTrail.Filter filter = new AuditTrail.Filter(staff, action, target, since, until, before);
                List<AuditTrail.Row> rows = paydesk.audit().list(paydesk.systemCaller(), filter, limit);
                if (json) {
                    ArrayNode array = Json.MAPPER.createArrayNode();
                    for (AuditTrail.Row r : rows) {
                        ObjectNode o = array.addObject().put("id", r.id()).put("at", r.at().toString())
                                .put("staff", r.staff()).put("os_user", r.osUser()).put("host", r.host())
                                .put("action", r.action()).put("target_type", r.targetType()).put("target_id", r.targetId());
                        o.set("before", parse(r.before()));
                        o.set("after", parse(r.after()));
                        o.put("detail", r.detail());
                    }
                    root.out().println(array.toPrettyString());
                    return 0;
                }
                if (rows.isEmpty()) {
                    root.out().println(before == null && staff == null && action == null && since == null && until == null && target == null
                            ? "The audit log is empty." : "No audit rows match.");
                    return 0;
                }
                TextTable table = TextTable.of(">id", "at (UTC)", "staff", "os user@host", "action", "target", "change", "detail");
                for (AuditTrail.Row r : rows) {
                    table.row(r.id(), r.at().truncatedTo(ChronoUnit.SECONDS).toString(), r.staff(),
                            r.osUser() == null ? "" : r.osUser() + "@" + r.host(), r.action(),
                            r.targetType() == null ? "" : r.targetType() + (r.targetId() == null ? "" : " " + r.targetId()),
                            change(r.before(), r.after()), r.detail());
                }
                table.print(root.out());
                if (rows.size() == limit) {
                    root.out().printf("%d rows shown; older ones: --before %d%n", rows.size(), rows.get(rows.size() - 1).id());
                }
                return 0;
            }
        }

        private static JsonNode parse(String text) throws IOException {
            return text == null ? null : Json.MAPPER.readTree(text);
        }

        /** The fields that differ, as {@code key: before -> after}; a side that is absent shows as nothing. */
        static String change(String beforeText, String afterText) throws IOException {
            JsonNode before = parse(beforeText);
            JsonNode after = parse(afterText);
            if (before == null && after == null) {
                return "";
            }
            if ((before != null && !before.isObject()) || (after != null && !after.isObject())) {
                return (before == null ? "" : before + " -> ") + (after == null ? "(none)" : after);
            }
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            (before == null ? Json.MAPPER.createObjectNode() : before).fieldNames().forEachRemaining(keys::add);
            (after == null ? Json.MAPPER.createObjectNode() : after).fieldNames().forEachRemaining(keys::add);
            List<String> parts = new java.util.ArrayList<>();
            for (String key : keys) {
                String b = text(before == null ? null : before.get(key));
                String a = text(after == null ? null : after.get(key));
                if (before == null) {
                    parts.add(key + ": " + a);
                } else if (!b.equals(a)) {
                    parts.add(key + ": " + (b.isEmpty() ? "(none)" : b) + " -> " + (a.isEmpty() ? "(none)" : a));
                }
            }
            return String.join("; ", parts);
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
        }
    }

    /** A UTC day or moment. */
    static final class SinceConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String text = value.strip();
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return java.time.OffsetDateTime.parse(text).toInstant();
                }
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a day (2026-11-20) or a moment (2026-11-20T14:30 or 2026-11-20T14:30:00Z)");
            }
        }
    }
}
