package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.queue.PaymentKind;

/**
 * The preview tells what the run will do: on a platform where every card and bank succeeds and
 * nothing changes in between, its figures are the run's statistics, exactly; and it writes nothing.
 */
class PaydayPreviewTest {

    /** A demo platform after one payday: owed amounts (some now covered by a credit), payouts above and below the minimum. */
    private static PaydayFixture platform() {
        PaydayFixture f = new PaydayFixture("{\"participants\": []}");
        f.paydesk.demo().generate(600, 5, DemoGenerator.Progress.NONE);
        f.sql("update participant set card_token = 'card_ok' where card_token is not null");
        f.sql("update participant set bank_token = 'bank_ok' where bank_token is not null");
        f.runForced();
        for (String owing : f.rows("select p.username from participant p join account a on a.id = p.id"
                + " where a.owed > 0 order by p.id limit 15")) {
            f.paydesk.queue().add(f.paydesk.systemCaller(), PaymentKind.CREDIT, owing, new BigDecimal("40.00"),
                    "settles what they owe", null);
        }
        f.paydesk.queue().processQueued(f.paydesk.systemCaller());
        return f;
    }

    @Test
    void onAPlatformWhereEveryCardSucceedsThePreviewIsTheRun() {
        try (PaydayFixture f = platform()) {
            PaydayPreview.Figures preview = f.paydesk.paydayPreview().compute();
            PaydayStats run = f.runForced();

            assertThat(preview.refusal()).as("a payday ran minutes ago").contains("the next may start after");
            assertThat(preview.owedToRetry()).as("owed amounts to retry").isPositive();
            assertThat(preview.charges()).isPositive();
            assertThat(preview.payouts()).as("payouts above the minimum").isPositive();
            assertThat(preview.payoutsBelowMinimum()).as("and below it").isPositive();
            assertThat(preview.owedCreated()).isPositive();

            assertThat(run.cardsFailing()).isZero();
            assertThat(run.payoutsFailing()).isZero();
            assertThat(run.errors()).isZero();
            assertThat(shared(preview)).isEqualTo(Map.of(
                    "participants", run.participants(), "tippers", run.tippers(), "tips", run.tips(),
                    "transfers", run.transfers(), "charges", run.charges(), "cards_missing", run.cardsMissing(),
                    "payouts", run.payouts(), "owed_created", run.owedCreated(), "owed_expired", run.owedExpired(),
                    "refunds", run.refunds()));
            assertThat(preview.transferVolume()).isEqualByComparingTo(run.transferVolume());
            assertThat(preview.chargeVolume()).isEqualByComparingTo(run.chargeVolume());
            assertThat(preview.chargeFees()).isEqualByComparingTo(run.chargeFees());
            assertThat(preview.payoutVolume()).isEqualByComparingTo(run.payoutVolume());
            assertThat(preview.payoutFees()).isEqualByComparingTo(run.payoutFees());
        }
    }

    @Test
    void thePreviewWritesNothing() {
        try (PaydayFixture f = platform()) {
            Map<String, List<String>> before = everything(f);
            PaydayPreview.Figures preview = f.paydesk.paydayPreview().compute();
            assertThat(preview.tips()).isPositive();
            assertThat(everything(f)).isEqualTo(before);
        }
    }

    private static Map<String, Long> shared(PaydayPreview.Figures p) {
        return Map.of("participants", p.participants(), "tippers", p.tippers(), "tips", p.tips(),
                "transfers", p.transfers(), "charges", p.charges(), "cards_missing", p.cardsMissing(),
                "payouts", p.payouts(), "owed_created", p.owedCreated(), "owed_expired", p.owedExpired(),
                "refunds", p.refunds());
    }

    /** Every table's row count, and the payday rows and the gateway's table in full. */
    private static Map<String, List<String>> everything(PaydayFixture f) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String table : f.rows("select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_type = 'BASE TABLE' order by 1")) {
            all.put(table, new ArrayList<>(f.rows("select count(*) from " + table)));
        }
        all.put("payday rows", f.rows("select p::text from payday p order by id"));
        all.put("accounts", f.rows("select a::text from account a order by id"));
        return all;
    }
}
