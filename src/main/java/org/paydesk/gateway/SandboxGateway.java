package org.paydesk.gateway;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.paydesk.db.DataAccessException;

/**
 * The default gateway: a stand-in processor with its own table of processed requests that behaves
 * by token (DESIGN §7) and honours idempotency keys as a real processor does: a key it has seen
 * returns the first result, whatever is asked the second time.
 *
 * <p>{@code card_error} times out. Whether the charge happened anyway is decided by the key, so a
 * caller cannot know without asking {@link #lookup}; the table is the truth.
 */
public final class SandboxGateway implements PaymentGateway {

    /** Calls stored in one statement: a payday batch's charges (2,000 tippers) fit in one or two. */
    private static final int CALLS_PER_BATCH = 1_000;

    private final DataSource dataSource;
    private final Supplier<Duration> latency;

    /**
     * The sandbox on a small pool of its own whose commits do not wait for the disk: a simulator's
     * bookkeeping, where an application crash loses nothing and only a database crash could drop
     * its last moments (which a resumed payday would then send again, by key).
     */
    public static SandboxGateway onOwnPool(org.paydesk.db.Database database, Duration latency) {
        return onOwnPool(database, () -> latency);
    }

    /** As above, with a latency read before every call (a setting that may change while the process runs). */
    public static SandboxGateway onOwnPool(org.paydesk.db.Database database, Supplier<Duration> latency) {
        return new SandboxGateway(database.sidePool("sandbox-gateway", 8, "set synchronous_commit = off"), latency);
    }

    public SandboxGateway(DataSource dataSource, Duration latency) {
        this(dataSource, () -> latency);
    }

    public SandboxGateway(DataSource dataSource, Supplier<Duration> latency) {
        this.dataSource = dataSource;
        this.latency = latency;
    }

    @Override
    public GatewayResult charge(String idempotencyKey, String cardToken, BigDecimal amount) {
        return process(ExchangeKind.CHARGE, idempotencyKey, cardToken, amount);
    }

    @Override
    public GatewayResult payout(String idempotencyKey, String bankToken, BigDecimal amount) {
        return process(ExchangeKind.PAYOUT, idempotencyKey, bankToken, amount);
    }

    @Override
    public GatewayResult refundCharge(String idempotencyKey, String chargeReference, BigDecimal amount) {
        return process(ExchangeKind.CARD_REFUND, idempotencyKey, chargeReference, amount);
    }

    /**
     * With no latency a call is nothing but work on the database and this JVM, so calls beyond the
     * machine's processors only queue for a connection and for the CPU (pay-in of a 200,000-participant
     * payday: 10.5-12.7 s with 32 callers, 9.0-9.4 s with 2). With a latency the calls wait apart from
     * the database, as at a remote gateway, and as many as wanted go out at once. The payday asks once,
     * when a run starts, so a latency set during a run applies to the calls' waits, not their number.
     */
    @Override
    public int callsInFlight(int wanted) {
        return latency.get().isZero() ? Math.min(wanted, Runtime.getRuntime().availableProcessors()) : wanted;
    }

    /**
     * With no latency the sandbox is nothing but its table, and a batch of calls is one statement
     * instead of a statement and a round trip each (at 1,000,000 participants a payday sends 188,054
     * charges). With a latency every call waits on its own, as the setting says, so calls go one by one.
     */
    @Override
    public int callsPerBatch() {
        return latency.get().isZero() ? CALLS_PER_BATCH : 1;
    }

    /**
     * The calls' requests stored in one statement, each answered as {@link #charge} or {@link #payout}
     * would answer it alone: a new key is processed and kept; a key stored before (by an earlier call,
     * by a racing one, or by a call before it in the batch) gets the first result. Card refunds, which
     * read the table first, go one by one.
     */
    @Override
    public List<Answer> sendAll(List<Call> calls) {
        if (calls.size() == 1 || calls.stream().anyMatch(call -> call.kind() == ExchangeKind.CARD_REFUND)) {
            return PaymentGateway.super.sendAll(calls);
        }
        pause();
        return store(calls);
    }

    /**
     * Decides each call, stores what the processor keeps, and answers each call in order: one
     * connection and, for new keys, one insert, whether for a single call or a batch.
     */
    private List<Answer> store(List<Call> calls) {
        Answer[] answers = new Answer[calls.size()];
        Decision[] decisions = new Decision[calls.size()];
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                try {
                    requirePositive(call.amount());
                    decisions[i] = decide(c, call.kind(), call.idempotencyKey(), call.token(), call.amount());
                } catch (IllegalArgumentException e) {
                    answers[i] = Answer.failed(e.getMessage());
                }
            }
            Map<String, Stored> stored = storeAll(c, calls, decisions);
            for (int i = 0; i < calls.size(); i++) {
                if (answers[i] == null) {
                    answers[i] = answer(calls.get(i), decisions[i], stored);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return List.of(answers);
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("the gateway takes positive amounts only, got " + amount);
        }
    }

    /**
     * A call's answer, given the requests stored by key: the one its batch stored for it, when it is
     * the first of the batch with its key and the processor keeps it; else the one stored first,
     * replayed; else (not kept, nothing stored) its own decision.
     */
    private static Answer answer(Call call, Decision decision, Map<String, Stored> stored) {
        Stored first = stored.get(call.idempotencyKey());
        if (first != null && first.inserted() && decision.recorded()) {
            stored.put(call.idempotencyKey(), first.storedBefore());
        } else if (first != null && !first.inserted()) {
            try {
                return Answer.of(first.replay(call.kind(), call.token(), call.amount()));
            } catch (IllegalStateException e) {
                return Answer.failed(e.getMessage());
            }
        }
        return decision.timesOut() ? Answer.timeout() : Answer.of(decision.result());
    }

    /**
     * Inserts the requests the processor keeps, a key once (the first call with it), and returns by
     * key the rows inserted now and those that were there before.
     */
    private static Map<String, Stored> storeAll(Connection c, List<Call> calls, Decision[] decisions) throws SQLException {
        Map<String, Stored> stored = new HashMap<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (decisions[i] != null && decisions[i].recorded()) {
                kept.add(i);
            }
        }
        // In key order, as any batch inserts them: two batches that share keys wait for each other, never in a circle.
        kept.sort(Comparator.comparing(i -> calls.get(i).idempotencyKey()));
        if (!kept.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("insert into sandbox_gateway_request (idempotency_key,"
                    + " operation, token, amount, outcome, message, reference) select * from unnest(?::text[],"
                    + " ?::text[], ?::text[], ?::numeric[], ?::text[], ?::text[], ?::text[])"
                    + " on conflict (idempotency_key) do nothing"
                    + " returning operation, token, amount, outcome, reference, message, true, idempotency_key")) {
                s.setArray(1, c.createArrayOf("text", kept.stream().map(i -> calls.get(i).idempotencyKey()).toArray()));
                s.setArray(2, c.createArrayOf("text", kept.stream().map(i -> calls.get(i).kind().name()).toArray()));
                s.setArray(3, c.createArrayOf("text", kept.stream().map(i -> calls.get(i).token()).toArray()));
                s.setArray(4, c.createArrayOf("numeric", kept.stream().map(i -> calls.get(i).amount()).toArray()));
                s.setArray(5, c.createArrayOf("text", kept.stream()
                        .map(i -> decisions[i].result().succeeded() ? "SUCCEEDED" : "FAILED").toArray()));
                s.setArray(6, c.createArrayOf("text", kept.stream().map(i -> decisions[i].result().message()).toArray()));
                s.setArray(7, c.createArrayOf("text", kept.stream().map(i -> decisions[i].result().reference()).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(8), stored(rs));
                    }
                }
            }
        }
        Object[] others = calls.stream().map(Call::idempotencyKey).filter(key -> !stored.containsKey(key)).distinct().toArray();
        if (others.length > 0) {
            // Read after the insert: a key it found taken belongs to a request committed by then.
            try (PreparedStatement s = c.prepareStatement("select operation, token, amount, outcome, reference, message,"
                    + " false, idempotency_key from sandbox_gateway_request where idempotency_key = any (?)")) {
                s.setArray(1, c.createArrayOf("text", others));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(8), stored(rs));
                    }
                }
            }
        }
        return stored;
    }

    @Override
    public Optional<GatewayResult> lookup(String idempotencyKey) {
        pause();
        try (Connection c = dataSource.getConnection()) {
            return find(c, idempotencyKey).map(Stored::result);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * One call, answered as in a batch; a timeout is thrown as a remote gateway's would be, and a key
     * reused for a different request is refused.
     */
    private GatewayResult process(ExchangeKind operation, String key, String token, BigDecimal amount) {
        requirePositive(amount);
        pause();
        Answer answer = store(List.of(new Call(operation, key, token, amount))).get(0);
        if (answer.timedOut()) {
            throw new GatewayTimeoutException("the gateway did not answer for " + key);
        }
        if (answer.result() == null) {
            throw new IllegalStateException(answer.error());
        }
        return answer.result();
    }

    /** What the processor does with a new request: its result, whether it keeps it, whether it answers. */
    private record Decision(GatewayResult result, boolean recorded, boolean timesOut) {
    }

    private Decision decide(Connection c, ExchangeKind operation, String key, String token, BigDecimal amount)
            throws SQLException {
        String reference = "sbx_" + UUID.randomUUID();
        return switch (operation) {
            case CHARGE -> switch (token) {
                case "card_ok" -> new Decision(GatewayResult.succeeded(reference), true, false);
                case "card_declined" -> new Decision(GatewayResult.failed(reference, "card declined"), true, false);
                // Times out; whether it went through anyway is fixed by the key.
                case "card_error" -> new Decision(GatewayResult.succeeded(reference), processesDespiteTimeout(key), true);
                default -> new Decision(GatewayResult.failed(reference, "unknown card token"), true, false);
            };
            case PAYOUT -> switch (token) {
                case "bank_ok" -> new Decision(GatewayResult.succeeded(reference), true, false);
                case "bank_rejected" -> new Decision(GatewayResult.failed(reference, "payout rejected by the bank"), true, false);
                default -> new Decision(GatewayResult.failed(reference, "unknown bank token"), true, false);
            };
            case CARD_REFUND -> refundDecision(c, reference, token, amount);
        };
    }

    static boolean processesDespiteTimeout(String key) {
        return (key.hashCode() & 1) == 0;
    }

    private Decision refundDecision(Connection c, String reference, String chargeReference, BigDecimal amount)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select ch.amount - coalesce((select sum(r.amount)"
                + " from sandbox_gateway_request r where r.operation = 'CARD_REFUND' and r.token = ch.reference"
                + " and r.outcome = 'SUCCEEDED'), 0) from sandbox_gateway_request ch"
                + " where ch.reference = ? and ch.operation = 'CHARGE' and ch.outcome = 'SUCCEEDED'")) {
            s.setString(1, chargeReference);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Decision(GatewayResult.failed(reference, "no such charge to refund"), true, false);
                }
                if (rs.getBigDecimal(1).compareTo(amount) < 0) {
                    return new Decision(GatewayResult.failed(reference, "refund exceeds what is left of the charge"), true, false);
                }
                return new Decision(GatewayResult.succeeded(reference), true, false);
            }
        }
    }

    private record Stored(ExchangeKind operation, String token, BigDecimal amount, GatewayResult result, boolean inserted) {

        /** The same request, as a later call with its key finds it. */
        Stored storedBefore() {
            return new Stored(operation, token, amount, result, false);
        }

        GatewayResult replay(ExchangeKind asked, String askedToken, BigDecimal askedAmount) {
            if (asked != operation || !token.equals(askedToken) || amount.compareTo(askedAmount) != 0) {
                throw new IllegalStateException("idempotency key reused for a different request: first " + operation
                        + " " + amount.toPlainString() + ", now " + asked + " " + askedAmount.toPlainString());
            }
            return result;
        }
    }

    private static Optional<Stored> find(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select operation, token, amount, outcome, reference, message,"
                + " false from sandbox_gateway_request where idempotency_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        }
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        boolean ok = rs.getString(4).equals("SUCCEEDED");
        GatewayResult result = new GatewayResult(ok, rs.getString(5), rs.getString(6));
        return new Stored(ExchangeKind.valueOf(rs.getString(1)), rs.getString(2), rs.getBigDecimal(3), result, rs.getBoolean(7));
    }

    private void pause() {
        Duration wait = latency.get();
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayTimeoutException("interrupted while waiting for the gateway");
            }
        }
    }
}
