package org.paydesk.participants;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.paydesk.db.BulkLoad;
import org.paydesk.db.BulkLoad.ForeignKeyChecks;
import org.paydesk.db.DataAccessException;
import org.paydesk.db.Database;
import org.paydesk.db.SequenceIds;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports participants and tips from the JSON format of DESIGN §10. The whole file is checked
 * before anything is written, and written in one transaction: all or nothing.
 */
public final class ImportService {

    /** What an import wrote. */
    public record ImportResult(int participants, int tips, BigDecimal openingBalances) {
    }

    private static final Set<String> ROOT_FIELDS = Set.of("participants", "tips");
    private static final Set<String> PARTICIPANT_FIELDS =
            Set.of("username", "display_name", "claimed", "review", "balance", "card", "bank");
    private static final Set<String> TIP_FIELDS = Set.of("tipper", "tippee", "amount");
    /** A tip's two name fields, in the order of the pairs {@link #checkAgainstDatabase} is given. */
    private static final String[] TIP_SIDES = {"tipper", "tippee"};
    private static final int MAX_PROBLEMS = 50;
    /** The longest display name, in characters. */
    static final int MAX_DISPLAY_NAME = 100;
    /** How much of an offending value a message quotes. */
    private static final int EXCERPT = 40;
    /** Rows per statement when writing: big enough to amortise the round trip, small enough for memory. */
    private static final int CHUNK = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);

    private final Database database;
    private final ForeignKeyChecks foreignKeyChecks;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    public ImportService(Database database) {
        this(database, ForeignKeyChecks.IN_BULK_WHEN_ALLOWED);
    }

    /** With {@link ForeignKeyChecks#PER_ROW}, every key is checked by the database as for any insert (for tests). */
    ImportService(Database database, ForeignKeyChecks foreignKeyChecks) {
        this.database = database;
        this.foreignKeyChecks = foreignKeyChecks;
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
        long started = System.nanoTime();
        Plan plan = read(in, source);
        log.info("import {}: {} participants and {} tips read and checked in {} ms", source,
                plan.participants().size(), plan.tips().size(), (System.nanoTime() - started) / 1_000_000);
        try {
            long writing = System.nanoTime();
            ImportResult result = database.inTransaction(c -> write(c, plan, staffId, source));
            log.info("import {}: written and committed in {} ms", source, (System.nanoTime() - writing) / 1_000_000);
            return result;
        } catch (DataAccessException e) {
            if (DataAccessException.UNIQUE_VIOLATION.equals(e.sqlState())) {
                // Another import took some of these usernames between our check and our write.
                Problems problems = new Problems(source);
                List<String> usernames = plan.participants().stream().map(NewParticipant::username).toList();
                checkAgainstDatabase(usernames, placesOf(usernames),
                        plan.tips().stream().map(t -> new String[] {t.tipper(), t.tippee()}).toList(), problems);
                if (!problems.isEmpty()) {
                    throw problems.exception();
                }
            }
            throw e;
        }
    }

    /**
     * Reads the file one participant or tip at a time (a million participants never sit in memory
     * as a JSON tree) and checks each as it comes; nothing may follow the top-level object.
     */
    private Plan read(InputStream in, String source) {
        Problems problems = new Problems(source);
        List<NewParticipant> participants = new ArrayList<>();
        // By place in the file, null where an entry has no usable name: for the checks against the database.
        List<String> namesInFile = new ArrayList<>();
        List<String[]> tipNamesInFile = new ArrayList<>();
        List<NewTip> tips = new ArrayList<>();
        // The file's participants by lower-case username: the place of the first with that name.
        Map<String, Integer> seen = new HashMap<>();
        try (JsonParser parser = json.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                problems.add("the file", "must be a JSON object with \"participants\" and \"tips\"");
                throw problems.exception();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!ROOT_FIELDS.contains(field)) {
                    problems.add("the file", "unknown field \"" + excerpt(field) + "\" (allowed: participants, tips)");
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_NULL) {
                    continue;
                } else if (value != JsonToken.START_ARRAY) {
                    problems.add(field, "must be an array");
                    parser.skipChildren();
                } else if (field.equals("participants")) {
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        JsonNode node = json.readTree(parser);
                        NewParticipant p = checkParticipant(node, i, seen, problems);
                        if (p != null) {
                            participants.add(p);
                        }
                        namesInFile.add(p != null ? p.username() : nameIn(node, "username"));
                    }
                } else {
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        JsonNode node = json.readTree(parser);
                        NewTip t = checkTip(node, "tips[" + i + "]", problems);
                        if (t != null) {
                            tips.add(t);
                        }
                        tipNamesInFile.add(t != null ? new String[] {t.tipper(), t.tippee()}
                                : new String[] {nameIn(node, "tipper"), nameIn(node, "tippee")});
                    }
                }
            }
            JsonToken after;
            try {
                after = parser.nextToken();
            } catch (JsonParseException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                var where = parser.currentLocation();
                throw new ImportException(source + " was not imported (nothing was written): there is more after the"
                        + " top-level object, at line " + where.getLineNr() + ", column " + where.getColumnNr()
                        + "; a file holds exactly one object", List.of());
            }
        } catch (JsonParseException e) {
            var where = e.getLocation();
            throw new ImportException(source + " is not valid JSON at line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ": " + excerpt(e.getOriginalMessage(), 200), List.of());
        } catch (IOException e) {
            throw new ImportException(source + " cannot be read: " + e.getMessage(), List.of());
        }
        if (problems.isEmpty()) {
            checkBounds(participants, problems);
        }
        // Also when entries have problems of their own, so one run reports every problem of the file.
        Names names = checkAgainstDatabase(namesInFile, seen, tipNamesInFile, problems);
        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        return new Plan(participants, tips, names);
    }

    // ---------------------------------------------------------------- checking

    private record NewParticipant(String username, String displayName, boolean claimed, Review review,
                                  BigDecimal balance, String card, String bank) {
    }

    private record NewTip(String tipper, String tippee, BigDecimal amount) {
    }

    /** A file without problems: every entry of it is one of {@code participants} or {@code tips}, in file order. */
    private record Plan(List<NewParticipant> participants, List<NewTip> tips, Names names) {
    }

    /**
     * Whom the tips name. {@code tipSides} holds, for the tip at place i, the place in the file of
     * its tipper at 2i and of its tippee at 2i + 1, or -1 for a participant already in the database,
     * whose id {@code existing} holds by lower-case username.
     */
    private record Names(int[] tipSides, Map<String, Long> existing) {
    }

    private NewParticipant checkParticipant(JsonNode node, int place, Map<String, Integer> seen, Problems problems) {
        String where = "participants[" + place + "]";
        if (!node.isObject()) {
            problems.add(where, "must be an object");
            return null;
        }
        int before = problems.count();
        unknownFields(node, PARTICIPANT_FIELDS, where, problems);
        String username = username(node, "username", where, problems, true);
        if (username != null) {
            Integer previous = seen.putIfAbsent(username.toLowerCase(Locale.ROOT), place);
            if (previous != null) {
                problems.add(where + ".username", "'" + username + "' is a duplicate of participants[" + previous
                        + "] (usernames are case-insensitive)");
            }
        }
        String displayName = displayName(node, where, problems);
        boolean claimed = true;
        JsonNode claimedNode = node.get("claimed");
        if (claimedNode != null && !claimedNode.isNull()) {
            if (claimedNode.isBoolean()) {
                claimed = claimedNode.booleanValue();
            } else {
                problems.add(where + ".claimed", "must be true or false, got " + excerpt(claimedNode.toString()));
            }
        }
        Review review = Review.UNREVIEWED;
        String reviewText = text(node, "review", where, problems, false);
        if (reviewText != null) {
            try {
                review = Review.valueOf(reviewText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where + ".review", "'" + excerpt(reviewText)
                        + "' is not one of UNREVIEWED, WHITELISTED, SUSPICIOUS");
            }
        }
        BigDecimal balance = amount(node, "balance", where, problems);
        if (balance != null && balance.compareTo(Money.MAX_ENTRY) > 0) {
            problems.add(where + ".balance", Money.plain(balance) + " is above the largest opening balance, "
                    + Money.plain(Money.MAX_ENTRY));
        }
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
        String tipper = username(node, "tipper", where, problems, true);
        String tippee = username(node, "tippee", where, problems, true);
        BigDecimal amount = amount(node, "amount", where, problems);
        if (amount == null && !node.hasNonNull("amount")) {
            problems.add(where + ".amount", "is required");
        }
        if (amount != null && amount.compareTo(Money.MAX_TIP) > 0) {
            problems.add(where + ".amount", Money.plain(amount) + " is above the largest weekly tip, "
                    + Money.plain(Money.MAX_TIP));
        }
        if (tipper != null && tipper.equalsIgnoreCase(tippee)) {
            problems.add(where, "'" + tipper + "' cannot tip themselves");
        }
        return problems.count() > before ? null : new NewTip(tipper, tippee, amount);
    }

    /** The file's opening balances together, before the database's own total is added in {@link #write}. */
    private static void checkBounds(List<NewParticipant> participants, Problems problems) {
        BigDecimal total = fileTotal(participants);
        if (total.compareTo(Money.MAX_PLATFORM_TOTAL) > 0) {
            problems.add("participants", "the opening balances add up to " + Money.plain(total)
                    + ", above the most the platform's balances may hold together, "
                    + Money.plain(Money.MAX_PLATFORM_TOTAL));
        }
    }

    private static BigDecimal fileTotal(List<NewParticipant> participants) {
        BigDecimal total = Money.ZERO;
        for (NewParticipant p : participants) {
            total = total.add(p.balance());
        }
        return total;
    }

    /** 1 to 64 of the letters A-Z and a-z, digits, '_', '.' and '-' (a loop: this runs three million times in a big import). */
    static boolean isUsername(String s) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '_' || ch == '.' || ch == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A well-formed name field of an entry, whatever else is wrong with it; null when there is none. */
    private static String nameIn(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && isUsername(value.textValue()) ? value.textValue() : null;
    }

    /**
     * The problems only the database shows: usernames that exist already, tips naming nobody.
     * {@code usernames} and {@code tipNames} are by place in the file, null where there is no usable
     * name; {@code inFile} holds the place of each of the file's usernames by its lower-case form.
     * One pass over the names: the database is asked only about the file's usernames and the names
     * the tips use that the file does not create.
     */
    private Names checkAgainstDatabase(List<String> usernames, Map<String, Integer> inFile, List<String[]> tipNames,
                                       Problems problems) {
        int[] tipSides = new int[tipNames.size() * 2];
        Set<String> outside = new HashSet<>();
        List<Integer> tipsNamingOutside = new ArrayList<>();
        for (int i = 0; i < tipNames.size(); i++) {
            boolean named = false;
            for (int side = 0; side < 2; side++) {
                String name = tipNames.get(i)[side];
                String key = name == null ? null : name.toLowerCase(Locale.ROOT);
                Integer place = key == null ? null : inFile.get(key);
                tipSides[2 * i + side] = place == null ? -1 : place;
                if (key != null && place == null) {
                    outside.add(key);
                    named = true;
                }
            }
            if (named) {
                tipsNamingOutside.add(i);
            }
        }
        if (inFile.isEmpty() && outside.isEmpty()) {
            return new Names(tipSides, Map.of());
        }
        Map<String, Long> existing = database.read(c -> existingIds(c, inFile.keySet(), outside));
        if (!existing.isEmpty()) {
            for (int i = 0; i < usernames.size(); i++) {
                String name = usernames.get(i);
                if (name != null && existing.containsKey(name.toLowerCase(Locale.ROOT))) {
                    problems.add("participants[" + i + "].username", "'" + name + "' already exists in the database");
                }
            }
        }
        for (int i : tipsNamingOutside) {
            String[] pair = tipNames.get(i);
            for (int side = 0; side < 2; side++) {
                String name = pair[side];
                String key = name == null ? null : name.toLowerCase(Locale.ROOT);
                if (key != null && outside.contains(key) && !existing.containsKey(key)) {
                    problems.add("tips[" + i + "]." + TIP_SIDES[side], "unknown participant '" + name + "'");
                }
            }
        }
        existing.keySet().retainAll(outside);
        return new Names(tipSides, existing);
    }

    /** The place of each well-formed username by its lower-case form (the first, for a name given twice). */
    private static Map<String, Integer> placesOf(List<String> usernames) {
        Map<String, Integer> places = new HashMap<>();
        for (int i = 0; i < usernames.size(); i++) {
            if (usernames.get(i) != null) {
                places.putIfAbsent(usernames.get(i).toLowerCase(Locale.ROOT), i);
            }
        }
        return places;
    }

    /** The ids of the participants with these lower-case usernames, by lower-case username. */
    private static Map<String, Long> existingIds(Connection c, Set<String> a, Set<String> b) throws SQLException {
        Object[] names = new Object[a.size() + b.size()];
        int i = 0;
        for (String name : a) {
            names[i++] = name;
        }
        for (String name : b) {
            names[i++] = name;
        }
        Map<String, Long> found = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select lower(username), id from participant where lower(username) = any (?)")) {
            s.setArray(1, c.createArrayOf("text", names));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return found;
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where, Problems problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(where, "unknown field \"" + excerpt(name) + "\" (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
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
            problems.add(where + "." + field, "must be a non-empty string, got " + excerpt(value.toString()));
            return null;
        }
        return value.textValue();
    }

    /** A username as stored: never trimmed silently, so what is imported is what the file says. */
    private static String username(JsonNode node, String field, String where, Problems problems, boolean required) {
        String username = text(node, field, where, problems, required);
        if (username == null) {
            return null;
        }
        if (!username.equals(username.strip())) {
            problems.add(where + "." + field, "'" + excerpt(username) + "' begins or ends with spaces; remove them");
            return null;
        }
        if (!isUsername(username)) {
            problems.add(where + "." + field, "'" + excerpt(username)
                    + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
            return null;
        }
        return username;
    }

    /** Shown on every screen and report: printable text of a bounded length; outer spaces are trimmed. */
    private static String displayName(JsonNode node, String where, Problems problems) {
        String name = text(node, "display_name", where, problems, false);
        if (name == null) {
            return null;
        }
        name = name.strip();
        int length = name.codePointCount(0, name.length());
        if (length > MAX_DISPLAY_NAME) {
            problems.add(where + ".display_name", "'" + excerpt(name) + "' is " + length
                    + " characters long; at most " + MAX_DISPLAY_NAME + " are allowed");
            return null;
        }
        int bad = name.codePoints().filter(ImportService::isHidden).findFirst().orElse(-1);
        if (bad >= 0) {
            problems.add(where + ".display_name", "'" + excerpt(name) + "' holds a control or formatting character ("
                    + String.format("U+%04X", bad) + "); display names must be plain printable text");
            return null;
        }
        return name;
    }

    /** Control characters (NUL, escapes, line breaks) and invisible formatting such as bidi overrides. */
    private static boolean isHidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /**
     * Amounts are strings ("1.00") or plain numbers, read exactly (never through a double); at most
     * two decimals, never negative.
     */
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
            problems.add(where + "." + field, "must be an amount like \"12.34\", got " + excerpt(value.toString()));
            return null;
        }
        if (text.length() > 24) {
            problems.add(where + "." + field, "'" + excerpt(text) + "' is not an amount like 12.34");
            return null;
        }
        try {
            return Money.parseNonNegative(text);
        } catch (IllegalArgumentException e) {
            problems.add(where + "." + field, e.getMessage());
            return null;
        }
    }

    /** At most a short piece of a value a file gave, with control characters made visible. */
    static String excerpt(String value) {
        return excerpt(value, EXCERPT);
    }

    private static String excerpt(String value, int limit) {
        if (value == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder();
        int length = value.codePointCount(0, value.length());
        value.codePoints().limit(limit).forEach(cp -> {
            if (isHidden(cp)) {
                shown.append(String.format("\\u%04X", cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        if (length > limit) {
            shown.append("… (").append(length).append(" characters)");
        }
        return shown.toString();
    }

    private static String token(JsonNode node, String field, Set<String> known, String where, Problems problems) {
        String token = text(node, field, where, problems, false);
        if (token != null && !known.contains(token)) {
            problems.add(where + "." + field, "unknown token '" + excerpt(token) + "' (known: "
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

    /**
     * Writes the plan through a {@link BulkLoad}: accounts, participants, the opening balances'
     * entries, their postings and the tips are each one COPY, with the accounts' ids reserved up
     * front. Opening balances are one journal entry per {@link #CHUNK} participants of the file (a
     * posting per participant with a balance and one off clearing), so the clearing account's cached
     * balance moves once per entry; the posting trigger checks and books them all at the end of the
     * posting COPY. Tips are written by tipper, in file order for each.
     *
     * <p>The participant and tip rows' foreign keys are checked in one set-based query each after
     * their COPY when the role may (a superuser, as with the embedded server; else row by row). The
     * participants already in the database that the tips name cannot go away meanwhile: participants
     * are never deleted nor renumbered (V45's triggers refuse it), so they need no row lock.
     *
     * <p>Locks: none on whole tables. Other sessions go on reading and writing (a payday, the GUI)
     * and see none of the import until it commits, as with any transaction. The rows written are
     * new and invisible to others; the only row another session may wait for is the clearing
     * account's, locked first by {@link #refuseAbovePlatformTotal} and taken anyway by the posting
     * trigger, so imports of files with balances run one after the other. An import that races
     * another for the same usernames waits on the username index until the other ends, then fails
     * on it and is told which usernames exist ({@link #importJson}).
     */
    private ImportResult write(Connection c, Plan plan, Long staffId, String source) throws SQLException {
        long started = System.nanoTime();
        BulkLoad bulk = new BulkLoad(c, foreignKeyChecks);
        Ledger ledger = Ledger.load(c);
        long clearing = ledger.systemAccount(AccountKind.GATEWAY_CLEARING);
        BigDecimal opening = fileTotal(plan.participants());
        if (opening.signum() > 0) {
            refuseAbovePlatformTotal(c, clearing, opening, source);
        }
        List<NewParticipant> all = plan.participants();
        long[] accountIds = SequenceIds.next(c, "account_id_seq", all.size());
        writeParticipants(c, bulk, all, accountIds);
        log.info("import {}: participants written in {} ms", source, (System.nanoTime() - started) / 1_000_000);
        long balances = System.nanoTime();
        ledger.postInBulk(c, bulk, openingBalances(all, accountIds, clearing, staffId, source));
        log.info("import {}: opening balances written in {} ms", source, (System.nanoTime() - balances) / 1_000_000);
        long tipsStarted = System.nanoTime();
        writeTips(c, bulk, plan, accountIds);
        log.info("import {}: tips written in {} ms", source, (System.nanoTime() - tipsStarted) / 1_000_000);
        if (all.size() + plan.tips().size() >= CHUNK) {
            long finishing = System.nanoTime();
            bulk.finish(done -> { }, "account", "participant", "posting", "tip");
            log.info("import {}: indexes and statistics in {} ms", source, (System.nanoTime() - finishing) / 1_000_000);
        }
        return new ImportResult(plan.participants().size(), plan.tips().size(), opening);
    }

    /**
     * The clearing account's row lock, which every opening balance takes anyway, is taken first, so
     * two imports cannot both pass this check on the same total.
     */
    private static void refuseAbovePlatformTotal(Connection c, long clearing, BigDecimal opening, String source)
            throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select 1 from account where id = ? for update")) {
            lock.setLong(1, clearing);
            lock.executeQuery().close();
        }
        BigDecimal held;
        try (PreparedStatement s = c.prepareStatement(
                "select coalesce(sum(committed), 0) from account where kind = 'PARTICIPANT'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            held = Money.cents(rs.getBigDecimal(1));
        }
        if (held.add(opening).compareTo(Money.MAX_PLATFORM_TOTAL) > 0) {
            throw new ImportException(source + " was not imported (nothing was written): its opening balances, "
                    + Money.plain(opening) + ", and the " + Money.plain(held) + " the participants already hold would"
                    + " come to " + Money.plain(held.add(opening)) + ", above the most the platform's balances may hold"
                    + " together, " + Money.plain(Money.MAX_PLATFORM_TOTAL), List.of());
        }
    }

    /**
     * Accounts in id order; participants in username order, which the username indexes take far
     * better than the file's order. Claimed participants are claimed at the transaction's time,
     * as they are created.
     */
    private static void writeParticipants(Connection c, BulkLoad bulk, List<NewParticipant> all, long[] ids)
            throws SQLException {
        if (all.isEmpty()) {
            return;
        }
        bulk.copy("account", "id, kind", copy -> {
            for (long id : ids) {
                copy.value(id).value(AccountKind.PARTICIPANT.name()).endRow();
            }
        });
        String now;
        try (PreparedStatement s = c.prepareStatement("select now()::text"); ResultSet rs = s.executeQuery()) {
            rs.next();
            now = rs.getString(1);
        }
        String[] keys = new String[all.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = all.get(i).username().toLowerCase(Locale.ROOT);
        }
        Integer[] order = new Integer[keys.length];
        Arrays.setAll(order, i -> i);
        Arrays.parallelSort(order, Comparator.comparing(i -> keys[i]));
        long low = Arrays.stream(ids).min().orElseThrow();
        long high = Arrays.stream(ids).max().orElseThrow();
        bulk.copyCheckingKeysAfter("participant",
                "id, username, display_name, claimed_at, review, card_token, bank_token", copy -> {
            for (int i : order) {
                NewParticipant p = all.get(i);
                copy.value(ids[i]).value(p.username()).value(p.displayName()).value(p.claimed() ? now : null)
                        .value(p.review().name()).value(p.card()).value(p.bank()).endRow();
            }
        }, BulkLoad.participantsWithoutAccount(low, high));
    }

    /** One OPENING_BALANCE entry per {@link #CHUNK} participants of the file that hold something. */
    private static List<JournalEntry> openingBalances(List<NewParticipant> all, long[] ids, long clearing,
                                                      Long staffId, String source) {
        List<JournalEntry> entries = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            JournalEntry.Builder entry = JournalEntry.builder(EntryKind.OPENING_BALANCE).staff(staffId)
                    .description("opening balances (import of " + source + ")");
            BigDecimal total = BigDecimal.ZERO;
            for (int i = from; i < Math.min(all.size(), from + CHUNK); i++) {
                BigDecimal balance = all.get(i).balance();
                if (balance.signum() > 0) {
                    entry.post(ids[i], balance);
                    total = total.add(balance);
                }
            }
            if (total.signum() > 0) {
                entries.add(entry.post(clearing, total.negate()).build());
            }
        }
        return entries;
    }

    /**
     * By tipper, and in file order for each tipper: the ids are taken in that order, so the last tip
     * of a pair in the file gets the pair's highest id, and as they share the transaction's time it
     * is the one in force (latest created_at, then highest id). By tipper, as demo writes them: the
     * tips of the file's own participants (most of a large file) then extend the pair index (tipper
     * first) at its end, as they do the primary key.
     * A tip names a participant of the file by its place (whose account id {@code accountIds} holds)
     * or one already in the database (read before this transaction: participants are never deleted
     * nor renumbered, V45, and no code changes a username).
     */
    private static void writeTips(Connection c, BulkLoad bulk, Plan plan, long[] accountIds) throws SQLException {
        List<NewTip> tips = plan.tips();
        if (tips.isEmpty()) {
            return;
        }
        int[] sides = plan.names().tipSides();
        Map<String, Long> existing = plan.names().existing();
        long[] tipper = new long[tips.size()];
        long[] tippee = new long[tips.size()];
        for (int i = 0; i < tips.size(); i++) {
            tipper[i] = idOf(tips.get(i).tipper(), sides[2 * i], accountIds, existing);
            tippee[i] = idOf(tips.get(i).tippee(), sides[2 * i + 1], accountIds, existing);
        }
        Integer[] order = new Integer[tips.size()];
        Arrays.setAll(order, i -> i);
        Arrays.parallelSort(order, Comparator.comparingLong(i -> tipper[i])); // stable: file order per tipper
        long[] ids = SequenceIds.next(c, "tip_id_seq", tips.size());
        bulk.copyCheckingKeysAfter("tip", "id, tipper_id, tippee_id, amount", copy -> {
            for (int k = 0; k < order.length; k++) {
                int i = order[k];
                copy.value(ids[k]).value(tipper[i]).value(tippee[i]).amount(tips.get(i).amount()).endRow();
            }
        }, BulkLoad.tipsNamingNoParticipant(ids[0], ids[ids.length - 1]));
    }

    private static long idOf(String username, int place, long[] accountIds, Map<String, Long> existing) {
        return place >= 0 ? accountIds[place] : existing.get(username.toLowerCase(Locale.ROOT));
    }
}
