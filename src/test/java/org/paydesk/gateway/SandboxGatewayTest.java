package org.paydesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.db.Database;
import org.paydesk.gateway.PaymentGateway.Answer;
import org.paydesk.gateway.PaymentGateway.Call;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

@ExtendWith(DatabaseExtension.class)
class SandboxGatewayTest {

    private static final BigDecimal TEN = new BigDecimal("10.00");

    @Test
    void behavesByToken(Database db) {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        assertThat(gateway.charge("t-ok", "card_ok", TEN).succeeded()).isTrue();
        assertThat(gateway.charge("t-declined", "card_declined", TEN)).satisfies(r -> {
            assertThat(r.succeeded()).isFalse();
            assertThat(r.message()).isEqualTo("card declined");
        });
        assertThat(gateway.payout("t-bank", "bank_ok", TEN).succeeded()).isTrue();
        assertThat(gateway.payout("t-rejected", "bank_rejected", TEN).succeeded()).isFalse();
    }

    @Test
    void aKeyIsProcessedOnceAndAnsweredTheSameEveryTime(Database db) throws Exception {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        GatewayResult first = gateway.charge("same-key", "card_ok", TEN);
        GatewayResult again = gateway.charge("same-key", "card_ok", TEN);
        assertThat(again).isEqualTo(first);
        assertThat(gateway.lookup("same-key")).contains(first);
        assertThat(gateway.lookup("never-sent")).isEmpty();
        assertThatThrownBy(() -> gateway.charge("same-key", "card_ok", new BigDecimal("11.00")))
                .hasMessageContaining("idempotency key reused for a different request");

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<GatewayResult>> racing = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            racing.add(pool.submit(() -> gateway.payout("raced-key", "bank_ok", TEN)));
        }
        String reference = racing.get(0).get().reference();
        for (Future<GatewayResult> f : racing) {
            assertThat(f.get().reference()).isEqualTo(reference);
        }
        pool.shutdown();
        long rows = db.read(c -> Fixtures.count(c, "select count(*) from sandbox_gateway_request where idempotency_key = 'raced-key'"));
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void aCardErrorTimesOutAndOnlyLookupTellsWhetherItWentThrough(Database db) {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        int charged = 0;
        for (int i = 0; i < 20; i++) {
            String key = "err-" + i;
            assertThatThrownBy(() -> gateway.charge(key, "card_error", TEN)).isInstanceOf(GatewayTimeoutException.class);
            boolean happened = gateway.lookup(key).map(GatewayResult::succeeded).orElse(false);
            assertThat(happened).isEqualTo(SandboxGateway.processesDespiteTimeout(key));
            charged += happened ? 1 : 0;
        }
        assertThat(charged).as("some went through, some did not").isBetween(1, 19);
    }

    @Test
    void aCardRefundNeedsAnEarlierChargeAndCannotExceedIt(Database db) {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        String charge = gateway.charge("c-for-refund", "card_ok", TEN).reference();
        assertThat(gateway.refundCharge("r1", charge, new BigDecimal("6.00")).succeeded()).isTrue();
        assertThat(gateway.refundCharge("r2", charge, new BigDecimal("5.00")).message()).contains("exceeds");
        assertThat(gateway.refundCharge("r3", "sbx_nothing", TEN).message()).contains("no such charge");
    }

    @Test
    void withNoLatencyItTakesNoMoreCallsAtOnceThanThereAreProcessors(Database db) {
        int processors = Runtime.getRuntime().availableProcessors();
        SandboxGateway instant = new SandboxGateway(db.dataSource(), Duration.ZERO);
        assertThat(instant.callsInFlight(processors + 30)).isEqualTo(processors);
        assertThat(instant.callsInFlight(1)).isEqualTo(1);
        SandboxGateway remote = new SandboxGateway(db.dataSource(), Duration.ofMillis(20));
        assertThat(remote.callsInFlight(processors + 30)).isEqualTo(processors + 30);
        assertThat(instant.callsPerBatch()).as("with no latency, calls go in batches").isGreaterThan(1);
        assertThat(remote.callsPerBatch()).as("with a latency, each call waits on its own").isEqualTo(1);
    }

    @Test
    void aBatchIsAnsweredCallByCallAsTheCallsWouldBeAlone(Database db) {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        GatewayResult earlier = gateway.charge("b-earlier", "card_ok", TEN);
        List<Call> calls = new ArrayList<>(List.of(
                new Call(ExchangeKind.CHARGE, "b-ok", "card_ok", TEN),
                new Call(ExchangeKind.CHARGE, "b-declined", "card_declined", TEN),
                new Call(ExchangeKind.PAYOUT, "b-bank", "bank_ok", TEN),
                new Call(ExchangeKind.PAYOUT, "b-rejected", "bank_rejected", TEN),
                new Call(ExchangeKind.CHARGE, "b-unknown", "card_mystery", TEN),
                new Call(ExchangeKind.CHARGE, "b-earlier", "card_ok", TEN),
                new Call(ExchangeKind.CHARGE, "b-earlier", "card_ok", new BigDecimal("11.00")),
                new Call(ExchangeKind.CHARGE, "b-zero", "card_ok", new BigDecimal("0.00")),
                new Call(ExchangeKind.PAYOUT, "b-twice", "bank_ok", TEN),
                new Call(ExchangeKind.PAYOUT, "b-twice", "bank_ok", TEN)));
        for (int i = 0; i < 20; i++) {
            calls.add(new Call(ExchangeKind.CHARGE, "b-err-" + i, "card_error", TEN));
        }

        List<Answer> answers = gateway.sendAll(calls);

        assertThat(answers).hasSize(calls.size());
        assertThat(answers.subList(0, 5)).extracting(a -> a.result().succeeded(), a -> a.result().message())
                .containsExactly(tuple(true, "succeeded"), tuple(false, "card declined"), tuple(true, "succeeded"),
                        tuple(false, "payout rejected by the bank"), tuple(false, "unknown card token"));
        assertThat(answers.get(5).result()).as("a key stored before is answered from its record").isEqualTo(earlier);
        assertThat(answers.get(6).error()).contains("idempotency key reused for a different request");
        assertThat(answers.get(7).error()).contains("positive amounts only");
        assertThat(answers.get(9).result()).as("the same key twice in a batch: the first result")
                .isEqualTo(answers.get(8).result());
        for (int i = 10; i < calls.size(); i++) {
            String key = calls.get(i).idempotencyKey();
            assertThat(answers.get(i).timedOut()).isTrue();
            assertThat(gateway.lookup(key).map(GatewayResult::succeeded).orElse(false))
                    .isEqualTo(SandboxGateway.processesDespiteTimeout(key));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.lookup(calls.get(i).idempotencyKey())).contains(answers.get(i).result());
        }
        assertThat(gateway.lookup("b-zero")).isEmpty();
        long stored = db.read(c -> Fixtures.count(c, "select count(*) from sandbox_gateway_request"
                + " where idempotency_key in ('b-earlier', 'b-twice')"));
        assertThat(stored).as("a key stored once").isEqualTo(2);
        assertThat(gateway.sendAll(calls.subList(0, 5))).as("sent again, answered the same")
                .isEqualTo(answers.subList(0, 5));
    }

    @Test
    void racingBatchesWithTheSameKeysStoreEachKeyOnce(Database db) throws Exception {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(new Call(ExchangeKind.PAYOUT, "race-" + i, "bank_ok", TEN));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Call> reversed = new ArrayList<>(calls);
        Collections.reverse(reversed);
        List<Future<List<Answer>>> forwards = new ArrayList<>();
        List<Future<List<Answer>>> backwards = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            forwards.add(pool.submit(() -> gateway.sendAll(calls)));
            backwards.add(pool.submit(() -> gateway.sendAll(reversed)));
        }
        List<Answer> first = forwards.get(0).get();
        for (Future<List<Answer>> f : forwards) {
            assertThat(f.get()).isEqualTo(first);
        }
        for (Future<List<Answer>> f : backwards) {
            List<Answer> answers = new ArrayList<>(f.get());
            Collections.reverse(answers);
            assertThat(answers).isEqualTo(first);
        }
        pool.shutdown();
        assertThat(first).allSatisfy(a -> assertThat(a.result().succeeded()).isTrue());
        long stored = db.read(c -> Fixtures.count(c, "select count(*) from sandbox_gateway_request"
                + " where idempotency_key like 'race-%'"));
        assertThat(stored).isEqualTo(200);
    }

    @Test
    void aBatchWithACardRefundIsSentCallByCall(Database db) {
        SandboxGateway gateway = new SandboxGateway(db.dataSource(), Duration.ZERO);
        String charge = gateway.charge("c-batch-refund", "card_ok", TEN).reference();
        List<Answer> answers = gateway.sendAll(List.of(
                new Call(ExchangeKind.CARD_REFUND, "rb1", charge, new BigDecimal("6.00")),
                new Call(ExchangeKind.CARD_REFUND, "rb2", charge, new BigDecimal("5.00"))));
        assertThat(answers.get(0).result().succeeded()).isTrue();
        assertThat(answers.get(1).result().message()).as("the first refund counts against the second").contains("exceeds");
    }
}
