package org.paydesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.gateway.GatewayExchanges.Outcome;
import org.paydesk.gateway.GatewayExchanges.Request;
import org.paydesk.gateway.GatewayExchanges.Status;
import org.paydesk.gateway.PaymentGateway.Answer;
import org.paydesk.gateway.PaymentGateway.Call;
import org.paydesk.ledger.AccountKind;
import org.paydesk.ledger.EntryKind;
import org.paydesk.ledger.JournalEntry;
import org.paydesk.ledger.Ledger;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

/** The intent–call–record protocol on a real database and the sandbox gateway, apart from its users. */
@ExtendWith(DatabaseExtension.class)
class GatewayExchangesTest {

    private static final BigDecimal TEN = new BigDecimal("10.00");
    private static ExecutorService callers;

    private final Paydesk paydesk;
    private final SandboxGateway sandbox;
    private final CountingGateway gateway;
    private final Ledger ledger;
    private final TestRecording recording = new TestRecording();

    GatewayExchangesTest(Paydesk paydesk) {
        this.paydesk = paydesk;
        this.sandbox = new SandboxGateway(paydesk.database().dataSource(), Duration.ZERO);
        this.gateway = new CountingGateway(sandbox);
        this.ledger = paydesk.database().read(Ledger::load);
    }

    @BeforeAll
    static void startCallers() {
        callers = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopCallers() {
        callers.shutdownNow();
    }

    private GatewayExchanges exchanges() {
        return new GatewayExchanges(paydesk.database(), gateway, callers, ledger);
    }

    @Test
    void intentsLeftOpenByACrashAreSettledByLookupAndNeverSentTwice() {
        long payday = closedPayday();
        Request sentBeforeTheCrash = charge(payday, "crash_a");
        Request neverSent = charge(payday, "crash_b");
        GatewayExchanges exchanges = exchanges();
        paydesk.database().inTransaction(c -> exchanges.insertIntents(c, List.of(sentBeforeTheCrash, neverSent)));
        String reference = sandbox.charge(sentBeforeTheCrash.key(), "card_ok", TEN).reference();

        List<Outcome> settled = exchanges.reconcilePayday(payday, recording);

        assertThat(settled).extracting(o -> o.request().key(), Outcome::status).containsExactly(
                tuple(sentBeforeTheCrash.key(), Status.SUCCEEDED), tuple(neverSent.key(), Status.SUCCEEDED));
        assertThat(gateway.sent(sentBeforeTheCrash.key())).as("answered from the gateway's record").isZero();
        assertThat(gateway.sent(neverSent.key())).as("sent once, with the same key").isEqualTo(1);
        assertThat(rows("select status, gateway_ref = '" + reference + "', entry_id is not null from exchange"
                + " where idempotency_key = '" + sentBeforeTheCrash.key() + "'")).containsExactly("SUCCEEDED | t | t");
        assertThat(count("select count(*) from sandbox_gateway_request where idempotency_key in ('"
                + sentBeforeTheCrash.key() + "', '" + neverSent.key() + "')")).isEqualTo(2);
        assertThat(balance("crash_a")).isEqualByComparingTo("9.32");

        assertThat(exchanges.reconcilePayday(payday, recording)).as("nothing is open any more").isEmpty();
        assertThat(exchanges.exchange(List.of(sentBeforeTheCrash, neverSent), recording))
                .as("a key that has an exchange is not made again").isEmpty();
        assertThat(gateway.sent(neverSent.key())).isEqualTo(1);
        assertThat(balance("crash_a")).isEqualByComparingTo("9.32");
    }

    @Test
    void anOutcomeRecordedAlreadyIsNotRecordedAgain() {
        long payday = closedPayday();
        GatewayExchanges exchanges = exchanges();
        List<Outcome> first = exchanges.exchange(List.of(charge(payday, "twice_a")), recording);
        assertThat(first).extracting(Outcome::status).containsExactly(Status.SUCCEEDED);
        assertThat(recording.points).containsExactly("intents committed", "gateway called");
        assertThat(rows("select last_charge_result from participant where username = 'twice_a'")).containsExactly("succeeded");
        long entries = count("select count(*) from journal_entry");

        List<Outcome> again = paydesk.database().inTransaction(c -> exchanges().record(c, first, recording));

        assertThat(again).isEmpty();
        assertThat(count("select count(*) from journal_entry")).isEqualTo(entries);
        assertThat(balance("twice_a")).isEqualByComparingTo("9.32");
        assertThat(recording.recorded).as("the user's own writes ran for the first record only").hasSize(1);
    }

    @Test
    void whenABatchCannotBeRecordedEachOutcomeIsRecordedAloneAndOnlyTheBadOneStaysOpen() {
        long payday = closedPayday();
        Fixtures.importJson(paydesk, """
                {"participants": [
                  {"username": "batch_a", "bank": "bank_ok", "balance": "50.00"},
                  {"username": "batch_b", "bank": "bank_ok", "balance": "0.00"},
                  {"username": "batch_c", "bank": "bank_ok", "balance": "50.00"}]}""");
        // batch_b's payout goes through at the gateway, but its entry would take the balance below zero.
        List<Request> payouts = List.of(payout(payday, "batch_a"), payout(payday, "batch_b"), payout(payday, "batch_c"));

        List<Outcome> recorded = exchanges().exchange(payouts, recording);

        assertThat(recorded).extracting(o -> o.request().key())
                .containsExactly(payouts.get(0).key(), payouts.get(2).key());
        assertThat(rows("select p.username, x.status, x.entry_id is not null from exchange x join participant p"
                + " on p.id = x.participant_id where x.kind = 'PAYOUT' order by p.username"))
                .containsExactly("batch_a | SUCCEEDED | t", "batch_b | INTENT | f", "batch_c | SUCCEEDED | t");
        assertThat(recording.notRecorded).containsExactly(payouts.get(1).key());
        assertThat(rows("select error from exchange where idempotency_key = '" + payouts.get(1).key() + "'"))
                .singleElement().asString().startsWith("could not record the outcome (succeeded) of " + payouts.get(1).key());
        assertThat(balance("batch_a")).isEqualByComparingTo("40.00");
        assertThat(balance("batch_b")).isEqualByComparingTo("0.00");
        assertThat(balance("batch_c")).isEqualByComparingTo("40.00");
    }

    @Test
    void aBatchsAnswersGoToTheirOwnRequests() {
        long payday = closedPayday();
        List<Request> charges = new ArrayList<>(List.of(charge(payday, "mixed_ok", "card_ok"),
                charge(payday, "mixed_declined", "card_declined")));
        for (int i = 0; i < 6; i++) {
            charges.add(charge(payday, "mixed_error_" + i, "card_error"));
        }
        assertThat(sandbox.callsPerBatch()).isGreaterThanOrEqualTo(charges.size());

        List<Outcome> recorded = new GatewayExchanges(paydesk.database(), sandbox, callers, ledger).exchange(charges, recording);

        assertThat(recorded).extracting(o -> o.request().key()).containsExactlyElementsOf(charges.stream().map(Request::key).toList());
        assertThat(recorded.subList(0, 2)).extracting(Outcome::status, Outcome::message)
                .containsExactly(tuple(Status.SUCCEEDED, "succeeded"), tuple(Status.FAILED, "card declined"));
        for (Outcome o : recorded.subList(2, recorded.size())) {
            boolean went = SandboxGateway.processesDespiteTimeout(o.request().key());
            assertThat(o.status()).as("a timeout settled by lookup").isEqualTo(went ? Status.SUCCEEDED : Status.FAILED);
            assertThat(balance(usernameOf(o))).isEqualByComparingTo(went ? "9.32" : "0.00");
        }
        assertThat(balance("mixed_ok")).isEqualByComparingTo("9.32");
        assertThat(balance("mixed_declined")).isEqualByComparingTo("0.00");
    }

    @Test
    void aBatchWhoseAnswerIsLostStaysOpenAndIsSettledByLookupWithoutSendingAgain() {
        long payday = closedPayday();
        List<Request> charges = List.of(charge(payday, "lost_a"), charge(payday, "lost_b"), charge(payday, "lost_c"));
        PaymentGateway losesAnswers = new PaymentGateway() {
            @Override
            public GatewayResult charge(String key, String cardToken, BigDecimal amount) {
                throw new AssertionError("a batch gateway is sent batches");
            }

            @Override
            public GatewayResult payout(String key, String bankToken, BigDecimal amount) {
                throw new AssertionError("a batch gateway is sent batches");
            }

            @Override
            public GatewayResult refundCharge(String key, String chargeReference, BigDecimal amount) {
                throw new AssertionError("a batch gateway is sent batches");
            }

            @Override
            public Optional<GatewayResult> lookup(String key) {
                return sandbox.lookup(key);
            }

            @Override
            public int callsPerBatch() {
                return 10;
            }

            @Override
            public List<Answer> sendAll(List<Call> calls) {
                sandbox.sendAll(calls);
                throw new IllegalStateException("connection reset");
            }
        };

        List<Outcome> lost = new GatewayExchanges(paydesk.database(), losesAnswers, callers, ledger).exchange(charges, recording);

        assertThat(lost).extracting(Outcome::status).containsOnly(Status.UNKNOWN);
        assertThat(lost).extracting(Outcome::message).containsOnly("gateway error: connection reset");
        assertThat(rows("select status from exchange where payday_id = " + payday)).containsOnly("UNKNOWN").hasSize(3);
        assertThat(balance("lost_a")).isEqualByComparingTo("0.00");

        List<Outcome> settled = exchanges().reconcilePayday(payday, recording);

        assertThat(settled).extracting(Outcome::status).containsOnly(Status.SUCCEEDED).hasSize(3);
        for (Request r : charges) {
            assertThat(gateway.sent(r.key())).as("answered from the gateway's record, not sent again").isZero();
        }
        assertThat(balance("lost_a")).isEqualByComparingTo("9.32");
        assertThat(count("select count(*) from sandbox_gateway_request where idempotency_key like 'test-" + payday + "-%'"))
                .isEqualTo(3);
    }

    private String usernameOf(Outcome o) {
        return rows("select username from participant where id = " + o.request().participantId()).get(0);
    }

    private Request charge(long payday, String username, String card) {
        Fixtures.importJson(paydesk, "{\"participants\": [{\"username\": \"" + username + "\", \"card\": \"" + card + "\"}]}");
        long id = paydesk.database().read(c -> Fixtures.participantId(c, username));
        return Request.ofPayday(payday, ExchangeKind.CHARGE, id, card, "test-" + payday + "-charge-" + id, TEN,
                new BigDecimal("0.68"));
    }

    private Request charge(long payday, String username) {
        return charge(payday, username, "card_ok");
    }

    private Request payout(long payday, String username) {
        long id = paydesk.database().read(c -> Fixtures.participantId(c, username));
        return Request.ofPayday(payday, ExchangeKind.PAYOUT, id, "bank_ok", "test-" + payday + "-payout-" + id, TEN,
                BigDecimal.ZERO.setScale(2));
    }

    /** Books a charge as clearing to participant (less the fee), a payout as participant to clearing. */
    private final class TestRecording implements GatewayExchanges.Recording {
        final List<String> points = new ArrayList<>();
        final List<String> notRecorded = new ArrayList<>();
        final List<Outcome> recorded = new ArrayList<>();

        @Override
        public JournalEntry entryFor(ExchangeKind kind, List<Request> succeeded) {
            long clearing = ledger.systemAccount(AccountKind.GATEWAY_CLEARING);
            JournalEntry.Builder entry = JournalEntry.builder(kind == ExchangeKind.CHARGE ? EntryKind.CHARGE : EntryKind.PAYOUT)
                    .description(kind + " batch");
            for (Request r : succeeded) {
                if (kind == ExchangeKind.CHARGE) {
                    entry.post(clearing, r.amount().negate()).post(r.participantId(), r.amount().subtract(r.fee()))
                            .post(ledger.systemAccount(AccountKind.PLATFORM_FEES), r.fee());
                } else {
                    entry.post(r.participantId(), r.amount().negate()).post(clearing, r.amount());
                }
            }
            return entry.build();
        }

        @Override
        public boolean setsLastResults() {
            return true;
        }

        @Override
        public void recorded(Connection c, List<Outcome> outcomes) {
            recorded.addAll(outcomes);
        }

        @Override
        public void notRecorded(Outcome outcome, String why) {
            notRecorded.add(outcome.request().key());
        }

        @Override
        public void reached(String point) {
            points.add(point);
        }
    }

    /** The sandbox, counting what is sent to it by key (a lookup is not a send). */
    private static final class CountingGateway implements PaymentGateway {
        private final PaymentGateway inner;
        private final ConcurrentHashMap<String, Integer> sends = new ConcurrentHashMap<>();

        CountingGateway(PaymentGateway inner) {
            this.inner = inner;
        }

        int sent(String key) {
            return sends.getOrDefault(key, 0);
        }

        @Override
        public GatewayResult charge(String key, String cardToken, BigDecimal amount) {
            sends.merge(key, 1, Integer::sum);
            return inner.charge(key, cardToken, amount);
        }

        @Override
        public GatewayResult payout(String key, String bankToken, BigDecimal amount) {
            sends.merge(key, 1, Integer::sum);
            return inner.payout(key, bankToken, amount);
        }

        @Override
        public GatewayResult refundCharge(String key, String chargeReference, BigDecimal amount) {
            sends.merge(key, 1, Integer::sum);
            return inner.refundCharge(key, chargeReference, amount);
        }

        @Override
        public Optional<GatewayResult> lookup(String key) {
            return inner.lookup(key);
        }
    }

    private long closedPayday() {
        return paydesk.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into payday (ts_start, ts_end, phase, started_by)"
                    + " values (now(), now(), 'DONE', ?) returning id")) {
                s.setLong(1, paydesk.systemStaffId());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private BigDecimal balance(String username) {
        return paydesk.database().read(c -> Ledger.committedBalance(c, Fixtures.participantId(c, username)));
    }

    private long count(String sql) {
        return paydesk.database().read(c -> Fixtures.count(c, sql));
    }

    private List<String> rows(String sql) {
        return paydesk.database().read(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        values.add(rs.getString(i));
                    }
                    rows.add(String.join(" | ", values));
                }
            }
            return rows;
        });
    }
}
