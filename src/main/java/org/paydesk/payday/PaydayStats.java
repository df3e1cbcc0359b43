package org.paydesk.payday;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.paydesk.money.Money;

/**
 * A payday's statistics (DESIGN §6), named as in the JSON of DESIGN §10. Read from the records the
 * payday left (transfers, exchanges, owed items, errors), so they are right after any crash.
 */
public record PaydayStats(long id, long participants, long tippers, long tips, long transfers,
                          BigDecimal transferVolume, long charges, BigDecimal chargeVolume, BigDecimal chargeFees,
                          long cardsFailing, long cardsMissing, long payouts, BigDecimal payoutVolume,
                          BigDecimal payoutFees, long payoutsFailing, long owedCreated, long owedExpired,
                          long refunds, long errors, Map<String, Double> phases) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String QUERY = "select p.stats, p.phase_seconds,"
            + " (select count(distinct tipper_id) from transfer where payday_id = p.id) as tippers,"
            + " (select count(*) from transfer where payday_id = p.id) as transfers,"
            + " (select coalesce(sum(amount), 0) from transfer where payday_id = p.id) as transfer_volume,"
            + " (select count(*) from exchange where payday_id = p.id and kind = 'CHARGE' and status = 'SUCCEEDED') as charges,"
            + " (select coalesce(sum(amount), 0) from exchange where payday_id = p.id and kind = 'CHARGE' and status = 'SUCCEEDED') as charge_volume,"
            + " (select coalesce(sum(fee), 0) from exchange where payday_id = p.id and kind = 'CHARGE' and status = 'SUCCEEDED') as charge_fees,"
            + " (select count(*) from exchange where payday_id = p.id and kind = 'CHARGE' and status <> 'SUCCEEDED') as cards_failing,"
            + " (select count(*) from exchange where payday_id = p.id and kind = 'PAYOUT' and status = 'SUCCEEDED') as payouts,"
            + " (select coalesce(sum(amount), 0) from exchange where payday_id = p.id and kind = 'PAYOUT' and status = 'SUCCEEDED') as payout_volume,"
            + " (select coalesce(sum(fee), 0) from exchange where payday_id = p.id and kind = 'PAYOUT' and status = 'SUCCEEDED') as payout_fees,"
            + " (select count(*) from exchange where payday_id = p.id and kind = 'PAYOUT' and status <> 'SUCCEEDED') as payouts_failing,"
            + " (select count(*) from owed_item where created_payday_id = p.id) as owed_created,"
            + " (select count(*) from owed_item where closed_payday_id = p.id and status = 'EXPIRED') as owed_expired,"
            + " (select count(*) from payday_error where payday_id = p.id) as errors"
            + " from payday p where p.id = ?";

    /** Counts the payday's records now (for an open payday, or to close one). */
    public static PaydayStats compute(Connection c, long paydayId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(QUERY)) {
            s.setLong(1, paydayId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no payday " + paydayId);
                }
                JsonNode stored = json(rs.getString("stats"));
                return new PaydayStats(paydayId, stored.path("participants").asLong(), rs.getLong("tippers"),
                        stored.path("tips").asLong(), rs.getLong("transfers"), money(rs, "transfer_volume"),
                        rs.getLong("charges"), money(rs, "charge_volume"), money(rs, "charge_fees"),
                        rs.getLong("cards_failing"), stored.path("cards_missing").asLong(), rs.getLong("payouts"),
                        money(rs, "payout_volume"), money(rs, "payout_fees"), rs.getLong("payouts_failing"),
                        rs.getLong("owed_created"), rs.getLong("owed_expired"), stored.path("refunds").asLong(),
                        rs.getLong("errors"), phases(json(rs.getString("phase_seconds"))));
            }
        }
    }

    /** A closed payday's statistics as stored when it closed; an open one's counted now. */
    static PaydayStats current(Connection c, long paydayId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select stats from payday where id = ? and ts_end is not null")) {
            s.setLong(1, paydayId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return fromStoredJson(rs.getString(1));
                }
            }
        }
        return compute(c, paydayId);
    }

    /** The statistics stored when the payday closed. */
    static PaydayStats fromStoredJson(String text) {
        JsonNode n = json(text);
        return new PaydayStats(n.path("id").asLong(), n.path("participants").asLong(), n.path("tippers").asLong(),
                n.path("tips").asLong(), n.path("transfers").asLong(), amount(n, "transfer_volume"),
                n.path("charges").asLong(), amount(n, "charge_volume"), amount(n, "charge_fees"),
                n.path("cards_failing").asLong(), n.path("cards_missing").asLong(), n.path("payouts").asLong(),
                amount(n, "payout_volume"), amount(n, "payout_fees"), n.path("payouts_failing").asLong(),
                n.path("owed_created").asLong(), n.path("owed_expired").asLong(), n.path("refunds").asLong(),
                n.path("errors").asLong(), phases(n.path("phases")));
    }

    private static BigDecimal money(ResultSet rs, String column) throws SQLException {
        return rs.getBigDecimal(column).setScale(Money.SCALE, RoundingMode.UNNECESSARY);
    }

    private static BigDecimal amount(JsonNode n, String field) {
        return n.hasNonNull(field) ? Money.parse(n.get(field).asText()) : Money.ZERO;
    }

    private static Map<String, Double> phases(JsonNode node) {
        Map<String, Double> phases = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            if (node.has(phase.key())) {
                phases.put(phase.key(), node.get(phase.key()).asDouble());
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            phases.putIfAbsent(name, node.get(name).asDouble());
        }
        return phases;
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored payday statistics are not JSON: " + text, e);
        }
    }

    /** The JSON object of DESIGN §10, amounts as strings with two decimals. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("participants", participants);
        n.put("tippers", tippers);
        n.put("tips", tips);
        n.put("transfers", transfers);
        n.put("transfer_volume", Money.plain(transferVolume));
        n.put("charges", charges);
        n.put("charge_volume", Money.plain(chargeVolume));
        n.put("charge_fees", Money.plain(chargeFees));
        n.put("cards_failing", cardsFailing);
        n.put("cards_missing", cardsMissing);
        n.put("payouts", payouts);
        n.put("payout_volume", Money.plain(payoutVolume));
        n.put("payout_fees", Money.plain(payoutFees));
        n.put("payouts_failing", payoutsFailing);
        n.put("owed_created", owedCreated);
        n.put("owed_expired", owedExpired);
        n.put("refunds", refunds);
        n.put("errors", errors);
        ObjectNode phaseNode = n.putObject("phases");
        phases.forEach((name, seconds) -> phaseNode.put(name, Math.round(seconds * 1000) / 1000.0));
        return n;
    }
}
