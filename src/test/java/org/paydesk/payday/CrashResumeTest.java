package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paydesk.ledger.InvariantChecker.CheckResult;

/**
 * A crash at any point of a payday, followed by a relaunch, ends exactly as an uninterrupted run
 * on the same data: nobody charged or paid twice, no tip transferred twice, the checks pass.
 */
class CrashResumeTest {

    /** Thrown at a hook, as a crash would stop the run: nothing after it happens. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String where) {
            super("simulated crash at " + where);
        }
    }

    private static final int BATCH = 4;
    private static TreeMap<String, List<String>> uninterrupted;

    /** Creators, and tippers of every kind of card, review and balance; card_error included. */
    static String platform() {
        StringBuilder json = new StringBuilder("{\"participants\": [");
        String[] banks = {"bank_ok", "bank_rejected", "bank_ok", null};
        for (int i = 0; i < 4; i++) {
            json.append(i == 0 ? "" : ",").append("{\"username\": \"creator").append(i)
                    .append("\", \"review\": \"WHITELISTED\", \"balance\": \"").append(i * 7).append(".00\"")
                    .append(banks[i] == null ? "" : ", \"bank\": \"" + banks[i] + "\"").append("}");
        }
        String[] cards = {"card_ok", "card_declined", "card_error", null, "card_ok"};
        String[] reviews = {"WHITELISTED", "WHITELISTED", "UNREVIEWED"};
        String[] balances = {"0.00", "3.00", "25.00", "0.40"};
        for (int i = 0; i < 22; i++) {
            String card = cards[i % cards.length];
            json.append(",{\"username\": \"tipper").append(i).append("\", \"review\": \"").append(reviews[i % 3])
                    .append("\", \"balance\": \"").append(balances[i % 4]).append("\"")
                    .append(card == null ? "" : ", \"card\": \"" + card + "\"")
                    .append(i % 6 == 0 ? ", \"bank\": \"bank_ok\"" : "").append("}");
        }
        json.append("], \"tips\": [");
        boolean first = true;
        for (int i = 0; i < 22; i++) {
            for (int k = 0; k <= i % 3; k++) {
                json.append(first ? "" : ",").append("{\"tipper\": \"tipper").append(i).append("\", \"tippee\": \"creator")
                        .append((i + k) % 4).append("\", \"amount\": \"").append(1 + (i * 7 + k * 3) % 12).append(".")
                        .append((i * 13 + k) % 10).append("5\"}");
                first = false;
            }
        }
        json.append(",{\"tipper\": \"creator1\", \"tippee\": \"creator2\", \"amount\": \"6.00\"}");
        json.append(",{\"tipper\": \"creator3\", \"tippee\": \"tipper0\", \"amount\": \"2.00\"}");
        return json.append("]}").toString();
    }

    /** A first payday, then cards that start working, so the second retries owed amounts. */
    private static PaydayFixture afterFirstPayday() {
        PaydayFixture f = new PaydayFixture(platform());
        f.run(false, PaydayHooks.NONE, BATCH);
        f.sql("update participant set card_token = 'card_ok' where card_token = 'card_declined' and id % 2 = 0");
        return f;
    }

    @BeforeAll
    static void runWithoutCrashing() {
        try (PaydayFixture f = afterFirstPayday()) {
            f.run(true, PaydayHooks.NONE, BATCH);
            uninterrupted = f.outcome();
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
        assertThat(uninterrupted.get("transfers")).hasSizeGreaterThan(20);
        assertThat(uninterrupted.get("exchanges")).anyMatch(e -> e.contains("CHARGE") && e.contains("SUCCEEDED"))
                .anyMatch(e -> e.contains("CHARGE") && e.contains("FAILED"))
                .anyMatch(e -> e.contains("PAYOUT") && e.contains("SUCCEEDED"))
                .anyMatch(e -> e.contains("PAYOUT") && e.contains("FAILED"));
        assertThat(uninterrupted.get("owed")).anyMatch(o -> o.contains("PAID")).anyMatch(o -> o.contains("OPEN"));
    }

    static List<Arguments> crashPoints() {
        return List.of(
                Arguments.of(Phase.START, "begin", 1),
                Arguments.of(Phase.START, "due tips written", 1), // the upper half committed, the rest not
                Arguments.of(Phase.REFUNDS, "begin", 1),
                Arguments.of(Phase.PAYIN, "begin", 1),
                Arguments.of(Phase.PAYIN, "intents committed", 1),
                Arguments.of(Phase.PAYIN, "gateway called", 1),
                Arguments.of(Phase.PAYIN, "gateway called", 2),
                Arguments.of(Phase.PAYIN, "batch sent", 2), // on the thread that sends ahead, while batch 1 is written
                Arguments.of(Phase.PAYIN, "charges recorded", 1),
                Arguments.of(Phase.PAYIN, "batch written", 1),
                Arguments.of(Phase.PAYIN, "batch written", 3),
                Arguments.of(Phase.SETTLE, "begin", 1),
                Arguments.of(Phase.SETTLE, "settled", 1),
                Arguments.of(Phase.PAYOUT, "begin", 1),
                Arguments.of(Phase.PAYOUT, "intents committed", 1),
                Arguments.of(Phase.PAYOUT, "gateway called", 1),
                Arguments.of(Phase.CHECKS, "begin", 1),
                Arguments.of(Phase.CHECKS, "checked", 1));
    }

    @ParameterizedTest(name = "crash in {0} at \"{1}\" (#{2}), then resume")
    @MethodSource("crashPoints")
    void aRelaunchAfterACrashEndsAsAnUninterruptedRun(Phase phase, String point, int occurrence) {
        try (PaydayFixture f = afterFirstPayday()) {
            int[] seen = {0};
            PaydayHooks crash = (p, name) -> {
                if (p == phase && name.equals(point) && ++seen[0] == occurrence) {
                    throw new SimulatedCrash(p + " " + name);
                }
            };
            assertThatThrownBy(() -> f.run(true, crash, BATCH)).isInstanceOf(SimulatedCrash.class);
            assertThat(f.count("select count(*) from payday where ts_end is null")).as("left open").isEqualTo(1);

            f.run(false, PaydayHooks.NONE, BATCH);

            assertThat(f.outcome()).isEqualTo(uninterrupted);
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
            assertThat(f.count("select count(*) from (select idempotency_key from sandbox_gateway_request"
                    + " group by idempotency_key having count(*) > 1) d")).isZero();
        }
    }

    @Test
    void aChargesLastResultIsWrittenWhenTheGatewayAnswersAndItsOutcomeIsRecordedAfter() {
        try (PaydayFixture f = new PaydayFixture(platform())) {
            PaydayHooks crash = (p, name) -> {
                if (p == Phase.PAYIN && name.equals("batch sent")) {
                    throw new SimulatedCrash(p + " " + name);
                }
            };
            assertThatThrownBy(() -> f.run(false, crash, BATCH)).isInstanceOf(SimulatedCrash.class);
            // The first batch's charges are answered and still open; each participant shows the gateway's answer.
            List<String> open = f.rows("select p.username || ': ' || coalesce(p.last_charge_result, 'none') || ' / '"
                    + " || coalesce(r.outcome, 'not received') from exchange x join participant p on p.id = x.participant_id"
                    + " left join sandbox_gateway_request r on r.idempotency_key = x.idempotency_key"
                    + " where x.status = 'INTENT' order by 1");
            assertThat(open).isNotEmpty().allSatisfy(row -> assertThat(row).satisfiesAnyOf(
                    r -> assertThat(r).contains(": succeeded / SUCCEEDED"),
                    r -> assertThat(r).contains(": failed: ").endsWith(" / FAILED"),
                    r -> assertThat(r).contains(": unknown: ")));
            assertThat(open).anyMatch(row -> row.endsWith(" / SUCCEEDED"));

            f.run(false, PaydayHooks.NONE, BATCH);
            assertThat(f.count("select count(*) from exchange where status in ('INTENT', 'UNKNOWN')")).isZero();
            assertThat(f.count("select count(*) from exchange x join participant p on p.id = x.participant_id"
                    + " where x.kind = 'CHARGE' and p.last_charge_result is null")).isZero();
        }
    }

    @Test
    void theNextBatchIsLoadedAndSentWhileABatchIsWritten() {
        try (PaydayFixture f = afterFirstPayday()) {
            CountDownLatch secondSent = new CountDownLatch(1);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger written = new AtomicInteger();
            AtomicBoolean overlapped = new AtomicBoolean();
            PaydayHooks watch = (p, name) -> {
                if (p == Phase.PAYIN && name.equals("batch sent") && sent.incrementAndGet() == 2) {
                    secondSent.countDown();
                }
                // Inside the first batch's write transaction: the second batch is sent meanwhile, or never would be.
                if (p == Phase.PAYIN && name.equals("batch written") && written.incrementAndGet() == 1) {
                    try {
                        overlapped.set(secondSent.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            f.run(true, watch, BATCH);

            assertThat(overlapped).as("batch 2 was sent while batch 1 was being written").isTrue();
            assertThat(f.outcome()).isEqualTo(uninterrupted);
        }
    }
}
