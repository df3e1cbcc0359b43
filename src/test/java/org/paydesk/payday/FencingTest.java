package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paydesk.gateway.ExchangeKind;
import org.paydesk.gateway.GatewayExchanges;
import org.paydesk.ledger.Ledger;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.processor.ProcessorLostException;

/**
 * A payday runner that is paused, loses the processor to a second runner that finishes the payday,
 * and then wakes up, can commit nothing more: the end state is an uninterrupted run's.
 */
class FencingTest {

    private static final int BATCH = 4;
    private static TreeMap<String, List<String>> uninterrupted;

    @BeforeAll
    static void runWithoutInterference() {
        try (PaydayFixture f = new PaydayFixture(CrashResumeTest.platform())) {
            f.run(false, PaydayHooks.NONE, BATCH);
            uninterrupted = f.outcome();
        }
        assertThat(uninterrupted.get("exchanges")).anyMatch(e -> e.contains("CHARGE") && e.contains("SUCCEEDED"));
    }

    static List<Arguments> pausePoints() {
        return List.of(
                Arguments.of(Phase.PAYIN, "intents committed"),
                Arguments.of(Phase.PAYIN, "gateway called"),
                Arguments.of(Phase.PAYIN, "charges recorded"),
                // Inside the batch's transaction: the new holder must end it before it moves the token on.
                Arguments.of(Phase.PAYIN, "batch written"),
                Arguments.of(Phase.PAYOUT, "gateway called"));
    }

    @ParameterizedTest(name = "runner A paused in {0} at \"{1}\" loses the processor to B")
    @MethodSource("pausePoints")
    void anEvictedRunnerCommitsNothingMore(Phase phase, String point) throws Exception {
        try (PaydayFixture f = new PaydayFixture(CrashResumeTest.platform())) {
            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch wake = new CountDownLatch(1);
            AtomicBoolean once = new AtomicBoolean();
            PaydayHooks pauseOnce = (p, name) -> {
                if (p == phase && name.equals(point) && once.compareAndSet(false, true)) {
                    paused.countDown();
                    awaitQuietly(wake);
                }
            };
            var runnerA = Executors.newSingleThreadExecutor();
            try {
                CompletableFuture<PaydayStats> a = CompletableFuture.supplyAsync(() -> f.run(false, pauseOnce, BATCH), runnerA);
                assertThat(paused.await(60, TimeUnit.SECONDS)).as("runner A reached " + point).isTrue();

                // What the next launcher does to a holder whose heartbeat stopped: end its lock session.
                f.sql("select pg_terminate_backend(pid::int) from processor_lock where name = 'processor'");
                PaydayStats b = runWhenFree(f);
                assertThat(b.errors()).isZero();

                wake.countDown();
                assertThatThrownBy(a::join).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(ProcessorLostException.class)
                        .cause().hasMessageContaining("lost the processor to system on test-host");
            } finally {
                wake.countDown();
                runnerA.shutdownNow();
            }

            assertThat(f.outcome()).isEqualTo(uninterrupted);
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
            assertThat(f.count("select count(*) from (select idempotency_key from sandbox_gateway_request"
                    + " group by idempotency_key having count(*) > 1) d")).isZero();
        }
    }

    @Test
    void aTransactionOfAHolderThatLostTheProcessorIsRefused() {
        try (PaydayFixture f = new PaydayFixture(CrashResumeTest.platform())) {
            try (var first = f.paydesk.processor().acquire(1, "first", "host-1", "Test")) {
                f.sql("select pg_terminate_backend(pid::int) from processor_lock where name = 'processor'");
                try (var second = runWhenFreeAcquire(f)) {
                    assertThat(second.token()).isGreaterThan(first.token());
                    assertThatThrownBy(() -> first.fenced().inTransaction(c -> {
                        try (var s = c.createStatement()) {
                            s.executeUpdate("update setting set value = 'EUR' where key = 'currency'");
                        }
                        return null;
                    })).isInstanceOf(ProcessorLostException.class).hasMessageContaining("lost the processor to second on host-2");
                    assertThat(second.fenced().<Integer>inTransaction(c -> 1)).isEqualTo(1);
                }
            }
            assertThat(f.rows("select value from setting where key = 'currency'")).containsExactly("USD");
        }
    }

    @Test
    void anOutcomeRecordedByOneRunIsNeverPostedAgainByAnother() throws Exception {
        try (PaydayFixture f = new PaydayFixture(CrashResumeTest.platform())) {
            long payday = f.paydesk.database().inTransaction(c -> {
                try (var s = c.prepareStatement("insert into payday (ts_start, started_by) values (now(), ?) returning id")) {
                    s.setLong(1, f.paydesk.systemStaffId());
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            long tipper = f.paydesk.participants().findByUsername("tipper0").orElseThrow().id();
            var callers = Executors.newFixedThreadPool(2);
            try {
                Ledger ledger = f.paydesk.database().read(Ledger::load);
                Exchanges first = new Exchanges(f.paydesk.database(), f.paydesk.gateway(), callers, ledger, payday, PaydayHooks.NONE);
                Exchanges late = new Exchanges(f.paydesk.database(), f.paydesk.gateway(), callers, ledger, payday, PaydayHooks.NONE);
                GatewayExchanges.Request charge = first.request(ExchangeKind.CHARGE, tipper, "card_ok",
                        new BigDecimal("10.00"), new BigDecimal("0.68"));
                ErrorLog errors = new ErrorLog(f.paydesk.database(), payday, PaydayListener.NONE, new PaydayCounters());
                List<GatewayExchanges.Outcome> outcomes = first.run(List.of(charge), new PaydayCounters(), errors, Phase.PAYIN);
                assertThat(outcomes).extracting(GatewayExchanges.Outcome::status)
                        .containsExactly(GatewayExchanges.Status.SUCCEEDED);
                BigDecimal balance = f.balance("tipper0");

                List<GatewayExchanges.Outcome> again = f.paydesk.database().inTransaction(c -> late.record(c, outcomes));

                assertThat(again).isEmpty();
                assertThat(f.balance("tipper0")).isEqualByComparingTo(balance);
                assertThat(f.count("select count(*) from journal_entry where kind = 'CHARGE'")).isEqualTo(1);
            } finally {
                callers.shutdownNow();
            }
        }
    }

    private static PaydayStats runWhenFree(PaydayFixture f) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return f.run(false, PaydayHooks.NONE, BATCH);
            } catch (ProcessorBusyException stillHeld) {
                if (System.nanoTime() > deadline) {
                    throw stillHeld;
                }
                Thread.sleep(50);
            }
        }
    }

    private static org.paydesk.processor.ProcessorLock.Held runWhenFreeAcquire(PaydayFixture f) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return f.paydesk.processor().acquire(1, "second", "host-2", "Test");
            } catch (ProcessorBusyException stillHeld) {
                if (System.nanoTime() > deadline) {
                    throw stillHeld;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
