package org.paydesk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.db.Database;
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
    }
}
