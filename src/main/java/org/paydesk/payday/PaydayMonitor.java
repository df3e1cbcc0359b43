package org.paydesk.payday;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.paydesk.db.Database;

/**
 * What the payday consoles read once a second: where the open payday is (its phase, items done of
 * total, rate, the live counters and each phase's seconds), as the run persists it. Reads one row and an index range, whatever the platform's size, so
 * any workstation can follow any run, wherever it was launched. The errors are read a page at a
 * time with {@link Paydays#errors(long, long, int)}.
 */
public final class PaydayMonitor {

    /** An open payday as last persisted by its run; {@code updatedAt} is when the run last wrote it. */
    public record OpenRun(long paydayId, Instant tsStart, String startedBy, PaydayProgress progress,
                          Map<Phase, Double> phaseSeconds, Instant updatedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public PaydayMonitor(Database database) {
        this.database = database;
    }

    /** The open payday, if there is one. */
    public Optional<OpenRun> openRun() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("select p.id, p.ts_start, s.username, p.phase,"
                    + " p.progress::text, p.phase_seconds::text from payday p join staff s on s.id = p.started_by"
                    + " where p.ts_end is null");
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long id = rs.getLong(1);
                JsonNode progress = JSON.readTree(rs.getString(5));
                Phase phase = Phase.valueOf(rs.getString(4));
                return Optional.of(new OpenRun(id, rs.getTimestamp(2).toInstant(), rs.getString(3),
                        progress(id, phase, progress), phaseSeconds(rs.getString(6)),
                        progress.hasNonNull("at") ? Instant.parse(normalise(progress.get("at").asText())) : null));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("unreadable payday progress", e);
            }
        });
    }

    private static PaydayProgress progress(long id, Phase phase, JsonNode node) {
        JsonNode counters = node.path("counters");
        PaydayCounters.Snapshot snapshot = new PaydayCounters.Snapshot(counters.path("charges").asLong(),
                money(counters.path("chargeVolume")), counters.path("cardsFailing").asLong(),
                counters.path("cardsMissing").asLong(), counters.path("transfers").asLong(),
                money(counters.path("transferVolume")), counters.path("owedCreated").asLong(),
                counters.path("payouts").asLong(), money(counters.path("payoutVolume")),
                counters.path("payoutsFailing").asLong(), counters.path("errors").asLong());
        // The row's phase moves on in the phase's last transaction; its progress may still name the one before.
        boolean current = phase.name().equals(node.path("phase").asText());
        return new PaydayProgress(id, phase, current ? node.path("done").asLong() : 0,
                current ? node.path("total").asLong() : 0, current ? node.path("rate").asDouble() : 0,
                current && node.has("eta_seconds") ? Duration.ofSeconds(node.get("eta_seconds").asLong()) : null,
                snapshot);
    }

    private static BigDecimal money(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? BigDecimal.ZERO.setScale(2)
                : new BigDecimal(node.asText()).setScale(2, RoundingMode.UNNECESSARY);
    }

    private static Map<Phase, Double> phaseSeconds(String json) throws SQLException {
        Map<Phase, Double> seconds = new EnumMap<>(Phase.class);
        try {
            JsonNode node = JSON.readTree(json);
            for (Phase phase : Phase.values()) {
                if (node.has(phase.key())) {
                    seconds.put(phase, node.get(phase.key()).asDouble());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable phase seconds: " + e.getOriginalMessage(), e);
        }
        return seconds;
    }

    /** PostgreSQL's jsonb timestamps read "2026-12-06T23:20:01.123456+00:00". */
    private static String normalise(String timestamp) {
        return java.time.OffsetDateTime.parse(timestamp).toInstant().toString();
    }
}
