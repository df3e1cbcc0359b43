package org.paydesk.staff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit row's before and after values side by side, key by key, for a person to read: nested
 * objects become dotted keys ({@code phases.pay_in}), lists of plain values are joined with commas,
 * and each line says whether the value changed. Pure: JSON text in, lines out.
 */
public final class AuditDiff {

    /** One key; {@code before} or {@code after} is null where that side does not have the key. */
    public record Line(String key, String before, String after, boolean changed) {
    }

    /** The key of a value that is not an object (a plain value or a list on either side). */
    public static final String VALUE = "value";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditDiff() {
    }

    /** The lines of {@code beforeJson} against {@code afterJson} (either may be null), before's keys first. */
    public static List<Line> of(String beforeJson, String afterJson) {
        Map<String, String> before = flatten(parse(beforeJson));
        Map<String, String> after = flatten(parse(afterJson));
        Map<String, Line> lines = new LinkedHashMap<>();
        before.forEach((key, value) -> lines.put(key, new Line(key, value, after.get(key), !value.equals(after.get(key)))));
        after.forEach((key, value) -> lines.putIfAbsent(key, new Line(key, null, value, true)));
        return List.copyOf(lines.values());
    }

    /** Only the lines that changed. */
    public static List<Line> changes(String beforeJson, String afterJson) {
        return of(beforeJson, afterJson).stream().filter(Line::changed).toList();
    }

    /** The changes in one line: {@code key: before → after}, or {@code key: after} for a new key. */
    public static String summary(String beforeJson, String afterJson) {
        List<String> parts = new ArrayList<>();
        for (Line line : changes(beforeJson, afterJson)) {
            String after = line.after() == null ? "(removed)" : line.after();
            parts.add(line.key() + ": " + (line.before() == null ? after : line.before() + " → " + after));
        }
        return String.join("; ", parts);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Stored as jsonb, so always JSON; shown as it is should that ever not hold.
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (node == null || node.isMissingNode()) {
            return flat;
        }
        if (node.isObject()) {
            flattenInto(flat, "", node);
        } else {
            flat.put(VALUE, text(node));
        }
        return flat;
    }

    private static void flattenInto(Map<String, String> flat, String prefix, JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                flattenInto(flat, key + ".", field.getValue());
            } else {
                flat.put(key, text(field.getValue()));
            }
        }
    }

    private static String text(JsonNode value) {
        if (value.isNull()) {
            return "(none)";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    return value.toString();
                }
                items.add(item.isNull() ? "(none)" : item.asText());
            }
            return items.isEmpty() ? "(empty)" : String.join(", ", items);
        }
        return value.isEmpty() ? "(empty)" : value.toString();
    }
}
