package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.processor.ProcessorLock;
import org.paydesk.staff.Caller;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.staff.Role;
import java.util.Set;

/** Observability, error isolation, cancellation and the gateway's unknown outcomes. */
class PaydayRunTest {

    private static String manyTippers(int n, String card) {
        StringBuilder json = new StringBuilder("{\"participants\": [{\"username\": \"creator\"}");
        for (int i = 0; i < n; i++) {
            json.append(",{\"username\": \"t").append(i).append("\", \"review\": \"WHITELISTED\", \"card\": \"")
                    .append(card).append("\"}");
        }
        json.append("], \"tips\": [");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"tipper\": \"t").append(i).append("\", \"tippee\": \"creator\", \"amount\": \"1.00\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void afterCardErrorsTheLedgerMatchesWhatTheGatewayActuallyDid() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(30, "card_error"))) {
            PaydayStats stats = f.run();

            List<String> gatewayCharged = f.rows("select idempotency_key from sandbox_gateway_request"
                    + " where operation = 'CHARGE' and outcome = 'SUCCEEDED' order by 1");
            List<String> ledgerCharged = f.rows("select x.idempotency_key from exchange x join journal_entry e"
                    + " on e.id = x.entry_id where x.kind = 'CHARGE' and x.status = 'SUCCEEDED' and e.kind = 'CHARGE' order by 1");
            assertThat(gatewayCharged).as("the sandbox charged some and not others").isNotEmpty().hasSizeLessThan(30);
            assertThat(ledgerCharged).isEqualTo(gatewayCharged);
            assertThat(f.count("select count(*) from exchange where status in ('INTENT', 'UNKNOWN')")).isZero();
            assertThat(stats.charges()).isEqualTo(gatewayCharged.size());
            assertThat(stats.cardsFailing()).isEqualTo(30 - gatewayCharged.size());
            assertThat(f.balance("creator")).isEqualByComparingTo(java.math.BigDecimal.valueOf(gatewayCharged.size()));
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aChargeResultLikeLastWeeksLeavesTheParticipantsRowAsItWas() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(3, "card_declined"))) {
            String rows = "select p.username || ': ' || p.last_charge_result || ', row version ' || p.xmin"
                    + " from participant p where p.username like 't_' order by 1";
            f.run();
            List<String> first = f.rows(rows);
            PaydayStats second = f.runForced();

            assertThat(second.cardsFailing()).as("charged again, and declined again").isEqualTo(3);
            assertThat(first).hasSize(3).allSatisfy(r -> assertThat(r).contains(": failed"));
            assertThat(f.rows(rows)).as("the same result, and not written again").isEqualTo(first);
        }
    }

    @Test
    void aParticipantWhoseProcessingAlwaysFailsIsListedAndEveryoneElseIsProcessed() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(10, "card_ok"))) {
            f.sql("create function refuse_t4() returns trigger language plpgsql as $$ begin"
                    + " if new.tipper_id = (select id from participant where username = 't4') then"
                    + " raise exception 'the bank of t4 is on fire'; end if; return new; end $$");
            f.sql("create trigger refuse_t4 before insert on transfer for each row execute function refuse_t4()");

            PaydayStats stats = f.run();

            assertThat(stats.errors()).isEqualTo(1);
            List<PaydayError> errors = f.paydesk.paydays().errors(stats.id());
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.participant()).isEqualTo("t4");
                assertThat(e.phase()).isEqualTo(Phase.PAYIN);
                assertThat(e.message()).contains("the bank of t4 is on fire");
                assertThat(e.at()).isNotNull();
            });
            assertThat(stats.transfers()).isEqualTo(9);
            assertThat(f.balance("creator")).isEqualByComparingTo("9.00");
            assertThat(f.paydesk.paydays().find(stats.id()).orElseThrow().open()).isFalse();
        }
    }

    @Test
    void aCancelledRunStaysOpenAndResumesToTheSameEnd() {
        String platform = manyTippers(12, "card_ok");
        List<String> expected;
        try (PaydayFixture f = new PaydayFixture(platform)) {
            f.run();
            expected = f.outcome().get("accounts");
        }
        try (PaydayFixture f = new PaydayFixture(platform)) {
            PaydayRunner.Options options = new PaydayRunner.Options(f.paydesk.systemCaller(), "here", false, 3, 2);
            assertThatThrownBy(() -> f.paydesk.payday().run(options, PaydayListener.NONE, () -> true))
                    .isInstanceOf(PaydayCancelledException.class).hasMessageContaining("stays open");
            Paydays.Summary open = f.paydesk.paydays().open().orElseThrow();
            assertThat(open.phase()).isEqualTo(Phase.PAYIN);
            assertThat(open.stats().transfers()).as("the first batch was done").isEqualTo(3);
            assertThat(f.count("select count(*) from exchange where status = 'SUCCEEDED'"))
                    .as("the charges of the first batch and of the next, sent while the first was written").isEqualTo(6);
            assertThat(f.count("select count(*) from exchange where status in ('INTENT', 'UNKNOWN')"))
                    .as("a cancel leaves no exchange open").isZero();

            assertThat(f.rows("select action, target_id from audit_log where action = 'payday.cancel'"))
                    .containsExactly("payday.cancel | " + open.id());

            f.run();
            assertThat(f.outcome().get("accounts")).isEqualTo(expected);
        }
    }

    @Test
    void onlyAnOperatorLaunchesThePayday() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(1, "card_ok"))) {
            Caller clerk = new Caller(f.paydesk.systemStaffId(), "cleo", Set.of(Role.CLERK, Role.APPROVER));
            assertThatThrownBy(() -> f.paydesk.payday().run(PaydayRunner.Options.of(clerk, "here", false),
                    PaydayListener.NONE, () -> false)).isInstanceOf(NotAllowedException.class)
                    .hasMessageContaining("cleo is not allowed to launch the payday: that needs the OPERATOR role");
            assertThat(f.count("select count(*) from payday")).isZero();
        }
    }

    @Test
    void theListenerSeesPhasesProgressCountersAndErrors() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(7, "card_ok"))) {
            List<String> phases = new ArrayList<>();
            List<PaydayProgress> progress = Collections.synchronizedList(new ArrayList<>());
            PaydayStats[] finished = new PaydayStats[1];
            PaydayListener listener = new PaydayListener() {
                @Override
                public void phaseStarted(long paydayId, Phase phase, long total) {
                    phases.add(phase.key() + ":" + total);
                }

                @Override
                public void progress(PaydayProgress p) {
                    progress.add(p);
                }

                @Override
                public void finished(PaydayStats stats) {
                    finished[0] = stats;
                }
            };
            PaydayRunner.Options options = new PaydayRunner.Options(f.paydesk.systemCaller(), "here", false, 2, 2);
            f.paydesk.payday().run(options, listener, () -> false);

            assertThat(phases).containsExactly("start:0", "refunds:0", "payin:7", "settle:0", "payout:0", "checks:0");
            List<PaydayProgress> payIn = progress.stream().filter(p -> p.phase() == Phase.PAYIN).toList();
            assertThat(payIn).extracting(PaydayProgress::done).containsExactly(0L, 2L, 4L, 6L, 7L);
            PaydayProgress last = payIn.get(payIn.size() - 1);
            assertThat(last.fraction()).isEqualTo(1.0);
            assertThat(last.counters().charges()).isEqualTo(7);
            assertThat(last.counters().chargeVolume()).isEqualByComparingTo("70.00");
            assertThat(last.counters().transfers()).isEqualTo(7);
            assertThat(payIn.get(2).ratePerSecond()).isPositive();
            assertThat(payIn.get(2).eta()).isNotNull();
            assertThat(finished[0].charges()).isEqualTo(7);
        }
    }

    @Test
    void aSecondLauncherIsToldWhoHoldsTheProcessor() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(2, "card_ok"))) {
            ProcessorLock lock = f.paydesk.processor();
            try (ProcessorLock.Held held = lock.acquire(f.paydesk.systemStaffId(), "Olga Operator", "desk-7", "Payday")) {
                assertThat(lock.currentHolder()).hasValueSatisfying(h -> {
                    assertThat(h.staffName()).isEqualTo("Olga Operator");
                    assertThat(h.workstation()).isEqualTo("desk-7");
                    assertThat(h.startedAt()).isNotNull();
                    assertThat(h.heartbeatAt()).isNotNull();
                });
                assertThatThrownBy(f::run).isInstanceOf(ProcessorBusyException.class)
                        .hasMessageContaining("Payday is already running on desk-7 by Olga Operator");
                assertThat(f.count("select count(*) from payday")).as("no payday was opened").isZero();
            }
            assertThat(lock.currentHolder()).isEmpty();
            assertThat(f.run().transfers()).isEqualTo(2);
        }
    }

    @Test
    void aHolderWhoseHeartbeatStoppedIsEndedByTheNextLauncher() {
        try (PaydayFixture f = new PaydayFixture(manyTippers(2, "card_ok"))) {
            ProcessorLock lock = f.paydesk.processor();
            ProcessorLock.Held frozen = lock.acquire(f.paydesk.systemStaffId(), "Frozen", "desk-0", "Payday");
            try {
                // The frozen holder's own heartbeat may land in between once; a real frozen one never does.
                PaydayStats stats = null;
                for (int attempt = 0; attempt < 3 && stats == null; attempt++) {
                    f.sql("update processor_lock set heartbeat_at = now() - interval '1 minute'");
                    try {
                        stats = f.run();
                    } catch (ProcessorBusyException stillBeating) {
                        assertThat(attempt).isLessThan(2);
                    }
                }
                assertThat(stats.transfers()).isEqualTo(2);
            } finally {
                frozen.close();
            }
        }
    }
}
