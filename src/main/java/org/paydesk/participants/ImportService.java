package org.paydesk.participants;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.paydesk.db.Database;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.money.Money;

/**
 * Imports participants and tips from the JSON format of DESIGN §10. The whole file is checked
 * before anything is written, and written in one transaction: all or nothing.
 */
public final class ImportService {

    /** What an import wrote. */
    public record ImportResult(int participants, int tips, BigDecimal openingBalances) {
    }

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> ROOT_FIELDS = Set.of("participants", "tips");
    private static final Set<String> PARTICIPANT_FIELDS =
            Set.of("username", "display_name", "claimed", "review", "balance", "card", "bank");
    private static final Set<String> TIP_FIELDS = Set.of("tipper", "tippee", "amount");
    private static final int MAX_PROBLEMS = 50;

    private final Database database;
    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public ImportService(Database database) {
        this.database = database;
    }

    public ImportResult importFile(Path file, Long staffId) {
        try (InputStream in = Files.newInputStream(file)) {
            return importJson(in, file.getFileName().toString(), staffId);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file", List.of());
        } catch (IOException e) {
            throw new ImportException(file + ": cannot be read: " + e.getMessage(), List.of());
        }
    }

    public ImportResult importJson(InputStream in, String source, Long staffId) {
        JsonNode root;
        try {
            root = json.readTree(in);
        } catch (JsonParseException e) {
            var where = e.getLocation();
            throw new ImportException(source + " is not valid JSON at line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ": " + e.getOriginalMessage(), List.of());
        } catch (IOException e) {
            throw new ImportException(source + " cannot be read: " + e.getMessage(), List.of());
        }
        Plan plan = check(root, source);
        return database.inTransaction(c -> write(c, plan, staffId));
    }

    // ---------------------------------------------------------------- checking

    private record NewParticipant(String username, String displayName, boolean claimed, Review review,
                                  BigDecimal balance, String card, String bank) {
    }

    private record NewTip(String tipper, String tippee, BigDecimal amount) {
    }

    private record Plan(List<NewParticipant> participants, List<NewTip> tips) {
    }

    private Plan check(JsonNode root, String source) {
        Problems problems = new Problems(source);
        List<NewParticipant> participants = new ArrayList<>();
        List<NewTip> tips = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add("the file", "must be a JSON object with \"participants\" and \"tips\"");
            throw problems.exception();
        }
        unknownFields(root, ROOT_FIELDS, "the file", problems);
        JsonNode people = root.path("participants");
        if (!people.isMissingNode() && !people.isArray()) {
            problems.add("participants", "must be an array");
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; people.isArray() && i < people.size(); i++) {
            NewParticipant p = checkParticipant(people.get(i), "participants[" + i + "]", seen, problems);
            if (p != null) {
                participants.add(p);
            }
        }
        JsonNode tipNodes = root.path("tips");
        if (!tipNodes.isMissingNode() && !tipNodes.isArray()) {
            problems.add("tips", "must be an array");
        }
        for (int i = 0; tipNodes.isArray() && i < tipNodes.size(); i++) {
            NewTip t = checkTip(tipNodes.get(i), "tips[" + i + "]", problems);
            if (t != null) {
                tips.add(t);
            }
        }
        // Checked even when entries have problems of their own, so one run reports every problem of the file.
        List<String> usernames = new ArrayList<>();
        for (int i = 0; people.isArray() && i < people.size(); i++) {
            String name = nameIn(people.get(i), "username");
            usernames.add(name != null && USERNAME.matcher(name).matches() ? name : null);
        }
        List<String[]> tipNames = new ArrayList<>();
        for (int i = 0; tipNodes.isArray() && i < tipNodes.size(); i++) {
            tipNames.add(new String[] {nameIn(tipNodes.get(i), "tipper"), nameIn(tipNodes.get(i), "tippee")});
        }
        checkAgainstDatabase(usernames, tipNames, problems);
        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        return new Plan(participants, tips);
    }

    private NewParticipant checkParticipant(JsonNode node, String where, Map<String, String> seen, Problems problems) {
        if (!node.isObject()) {
            problems.add(where, "must be an object");
            return null;
        }
        int before = problems.count();
        unknownFields(node, PARTICIPANT_FIELDS, where, problems);
        String username = text(node, "username", where, problems, true);
        if (username != null) {
            if (!USERNAME.matcher(username).matches()) {
                problems.add(where + ".username", "'" + username
                        + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
            } else {
                String previous = seen.putIfAbsent(username.toLowerCase(Locale.ROOT), where);
                if (previous != null) {
                    problems.add(where + ".username", "'" + username + "' is a duplicate of " + previous
                            + " (usernames are case-insensitive)");
                }
            }
        }
        String displayName = text(node, "display_name", where, problems, false);
        boolean claimed = true;
        JsonNode claimedNode = node.get("claimed");
        if (claimedNode != null && !claimedNode.isNull()) {
            if (claimedNode.isBoolean()) {
                claimed = claimedNode.booleanValue();
            } else {
                problems.add(where + ".claimed", "must be true or false, got " + claimedNode);
            }
        }
        Review review = Review.UNREVIEWED;
        String reviewText = text(node, "review", where, problems, false);
        if (reviewText != null) {
            try {
                review = Review.valueOf(reviewText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where + ".review", "'" + reviewText + "' is not one of UNREVIEWED, WHITELISTED, SUSPICIOUS");
            }
        }
        BigDecimal balance = amount(node, "balance", where, problems);
        String card = token(node, "card", Tokens.CARDS, where, problems);
        String bank = token(node, "bank", Tokens.BANKS, where, problems);
        if (problems.count() > before) {
            return null;
        }
        return new NewParticipant(username, displayName == null ? username : displayName, claimed, review,
                balance == null ? Money.ZERO : balance, card, bank);
    }

    private NewTip checkTip(JsonNode node, String where, Problems problems) {
        if (!node.isObject()) {
            problems.add(where, "must be an object");
            return null;
        }
        int before = problems.count();
        unknownFields(node, TIP_FIELDS, where, problems);
        String tipper = text(node, "tipper", where, problems, true);
        String tippee = text(node, "tippee", where, problems, true);
        BigDecimal amount = amount(node, "amount", where, problems);
        if (amount == null && !node.hasNonNull("amount")) {
            problems.add(where + ".amount", "is required");
        }
        if (tipper != null && tipper.equalsIgnoreCase(tippee)) {
            problems.add(where, "'" + tipper + "' cannot tip themselves");
        }
        return problems.count() > before ? null : new NewTip(tipper, tippee, amount);
    }

    /** A well-formed name field of an entry, whatever else is wrong with it; null when there is none. */
    private static String nameIn(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip() : null;
    }

    /**
     * The problems only the database shows: usernames that exist already, tips naming nobody.
     * {@code usernames} and {@code tipNames} are by place in the file, null where the file has no usable name.
     */
    private void checkAgainstDatabase(List<String> usernames, List<String[]> tipNames, Problems problems) {
        Set<String> asked = new java.util.HashSet<>();
        usernames.stream().filter(java.util.Objects::nonNull).forEach(n -> asked.add(n.toLowerCase(Locale.ROOT)));
        Set<String> inFile = Set.copyOf(asked);
        tipNames.forEach(pair -> {
            for (String n : pair) {
                if (n != null) {
                    asked.add(n.toLowerCase(Locale.ROOT));
                }
            }
        });
        if (asked.isEmpty()) {
            return;
        }
        Set<String> existing = database.read(c -> existingUsernames(c, asked));
        for (int i = 0; i < usernames.size(); i++) {
            String name = usernames.get(i);
            if (name != null && existing.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add("participants[" + i + "].username", "'" + name + "' already exists in the database");
            }
        }
        Set<String> known = new java.util.HashSet<>(existing);
        known.addAll(inFile);
        for (int i = 0; i < tipNames.size(); i++) {
            String[] pair = tipNames.get(i);
            if (pair[0] != null && !known.contains(pair[0].toLowerCase(Locale.ROOT))) {
                problems.add("tips[" + i + "].tipper", "unknown participant '" + pair[0] + "'");
            }
            if (pair[1] != null && !known.contains(pair[1].toLowerCase(Locale.ROOT))) {
                problems.add("tips[" + i + "].tippee", "unknown participant '" + pair[1] + "'");
            }
        }
    }

    private static Set<String> existingUsernames(Connection c, Set<String> lowerCaseNames) throws SQLException {
        Set<String> found = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "select lower(username) from participant where lower(username) = any (?)")) {
            s.setArray(1, c.createArrayOf("text", lowerCaseNames.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where, Problems problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(where, "unknown field \"" + name + "\" (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String where, Problems problems, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(where + "." + field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            problems.add(where + "." + field, "must be a non-empty string, got " + value);
            return null;
        }
        return value.textValue().strip();
    }

    /** Amounts are strings ("1.00") or plain numbers; at most two decimals, never negative. */
    private static BigDecimal amount(JsonNode node, String field, String where, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text;
        if (value.isTextual()) {
            text = value.textValue();
        } else if (value.isNumber()) {
            text = value.decimalValue().toPlainString();
        } else {
            problems.add(where + "." + field, "must be an amount like \"12.34\", got " + value);
            return null;
        }
        try {
            BigDecimal amount = Money.parseNonNegative(text);
            if (amount.compareTo(Money.MAX) > 0) {
                problems.add(where + "." + field, "'" + text + "' is too large");
                return null;
            }
            return amount;
        } catch (IllegalArgumentException e) {
            problems.add(where + "." + field, e.getMessage());
            return null;
        }
    }

    private static String token(JsonNode node, String field, Set<String> known, String where, Problems problems) {
        String token = text(node, field, where, problems, false);
        if (token != null && !known.contains(token)) {
            problems.add(where + "." + field, "unknown token '" + token + "' (known: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
            return null;
        }
        return token;
    }

    /** Collects what is wrong with a file, each with where it is. */
    private static final class Problems {
        private final String source;
        private final List<String> list = new ArrayList<>();
        private int total;

        Problems(String source) {
            this.source = source;
        }

        void add(String where, String what) {
            total++;
            if (list.size() < MAX_PROBLEMS) {
                list.add(where + ": " + what);
            }
        }

        int count() {
            return total;
        }

        boolean isEmpty() {
            return total == 0;
        }

        ImportException exception() {
            String summary = source + " was not imported (nothing was written): " + total
                    + (total == 1 ? " problem" : " problems") + (total > list.size() ? ", the first " + list.size() + " listed" : "");
            return new ImportException(summary, list);
        }
    }

    // ----------------------------------------------------------------- writing

    private ImportResult write(Connection c, Plan plan, Long staffId) throws SQLException {
        Ledger ledger = Ledger.load(c);
        Map<String, Long> ids = existingIds(c, plan);
        long clearing = ledger.systemAccount(AccountKind.GATEWAY_CLEARING);
        BigDecimal opening = Money.ZERO;
        try (PreparedStatement account = c.prepareStatement(
                "insert into account (kind) values ('PARTICIPANT') returning id");
             PreparedStatement participant = c.prepareStatement("insert into participant"
                     + " (id, username, display_name, claimed_at, review, card_token, bank_token)"
                     + " values (?, ?, ?, case when ? then now() end, ?, ?, ?)")) {
            for (NewParticipant p : plan.participants()) {
                long id;
                try (ResultSet rs = account.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                participant.setLong(1, id);
                participant.setString(2, p.username());
                participant.setString(3, p.displayName());
                participant.setBoolean(4, p.claimed());
                participant.setString(5, p.review().name());
                participant.setString(6, p.card());
                participant.setString(7, p.bank());
                participant.addBatch();
                ids.put(p.username().toLowerCase(Locale.ROOT), id);
            }
            participant.executeBatch();
        }
        for (NewParticipant p : plan.participants()) {
            if (p.balance().signum() > 0) {
                long id = ids.get(p.username().toLowerCase(Locale.ROOT));
                ledger.post(c, JournalEntry.transfer(EntryKind.OPENING_BALANCE, clearing, id, p.balance(), null,
                        staffId, "opening balance (import)"));
                opening = opening.add(p.balance());
            }
        }
        // clock_timestamp() moves on between rows, so tips keep the file's order in time.
        try (PreparedStatement tip = c.prepareStatement(
                "insert into tip (tipper_id, tippee_id, amount, created_at) values (?, ?, ?, clock_timestamp())")) {
            for (NewTip t : plan.tips()) {
                tip.setLong(1, ids.get(t.tipper().toLowerCase(Locale.ROOT)));
                tip.setLong(2, ids.get(t.tippee().toLowerCase(Locale.ROOT)));
                tip.setBigDecimal(3, t.amount());
                tip.addBatch();
            }
            tip.executeBatch();
        }
        return new ImportResult(plan.participants().size(), plan.tips().size(), opening);
    }

    private static Map<String, Long> existingIds(Connection c, Plan plan) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        plan.tips().forEach(t -> {
            names.add(t.tipper().toLowerCase(Locale.ROOT));
            names.add(t.tippee().toLowerCase(Locale.ROOT));
        });
        try (PreparedStatement s = c.prepareStatement(
                "select lower(username), id from participant where lower(username) = any (?)")) {
            s.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return ids;
    }
}
