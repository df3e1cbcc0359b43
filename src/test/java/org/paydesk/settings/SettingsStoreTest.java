package org.paydesk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRefusedException;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.staff.NotAllowedException;
import org.paydesk.testing.Platform;

class SettingsStoreTest {

    @Test
    void theDefaultsAreTheDesignsAndAnAdminChangesOneWithAnAuditRow() {
        try (Platform p = new Platform("{\"participants\": []}")) {
            SettingsStore store = new SettingsStore(p.paydesk.database());
            Settings defaults = store.load();
            assertThat(defaults.currency()).isEqualTo(Currency.getInstance("USD"));
            assertThat(defaults.fees().minimumCharge()).isEqualByComparingTo("9.32");
            assertThat(defaults.owedExpiryWeeks()).isEqualTo(4);
            assertThat(defaults.minDaysBetweenPaydays()).isEqualTo(6);

            Settings changed = store.update(p.admin, "currency", "EUR");
            assertThat(changed.currency()).isEqualTo(Currency.getInstance("EUR"));
            assertThat(store.load().currency()).isEqualTo(Currency.getInstance("EUR"));
            assertThat(p.count("select count(*) from audit_log where action = 'settings.update' and target_id = 'currency'"
                    + " and before ->> 'value' = 'USD' and after ->> 'value' = 'EUR'")).isEqualTo(1);
        }
    }

    @Test
    void aBadValueIsRefusedWithItsKeyAndNothingChanges() {
        try (Platform p = new Platform("{\"participants\": []}")) {
            SettingsStore store = new SettingsStore(p.paydesk.database());
            assertThatThrownBy(() -> store.update(p.admin, "charge.rate", "lots"))
                    .isInstanceOf(InvalidSettingException.class).hasMessage("setting 'charge.rate' = 'lots' is not a decimal number");
            assertThatThrownBy(() -> store.update(p.admin, "payout.minimum", "0.10"))
                    .hasMessageContaining("minimum payout (0.10) must be larger than the payout fee (0.30)");
            assertThatThrownBy(() -> store.update(p.admin, "currency", "XYZ1")).hasMessageContaining("not an ISO 4217");
            assertThatThrownBy(() -> store.update(p.admin, "colour", "blue")).hasMessageContaining("there is no setting 'colour'");
            assertThatThrownBy(() -> store.update(p.clerk, "currency", "EUR")).isInstanceOf(NotAllowedException.class);
            assertThat(store.load().fees().chargeRate()).isEqualByComparingTo(new BigDecimal("1.039"));
            assertThat(p.count("select count(*) from audit_log where action = 'settings.update'")).isZero();
        }
    }

    @Test
    void aChangeIsUsedByTheNextRunWithoutARestart() {
        try (Platform p = new Platform("{\"participants\": []}")) {
            PaydayRunner.Options options = PaydayRunner.Options.of(p.paydesk.systemCaller(), "here", false);
            p.paydesk.payday().run(options, PaydayListener.NONE, () -> false);
            Instant last = p.paydesk.database().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("select max(ts_start) from payday")) {
                    rs.next();
                    return rs.getTimestamp(1).toInstant();
                }
            });
            // Changed through a store of its own, as another process (settings set) would.
            SettingsStore elsewhere = new SettingsStore(p.paydesk.database());
            elsewhere.update(p.admin, "payday.min_days_between", "2");
            elsewhere.update(p.admin, "gateway.sandbox_latency_ms", "100");
            assertThat(p.paydesk.settings().sandboxLatency()).isEqualTo(Duration.ZERO);

            String earliest = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                    .format(last.plus(Duration.ofDays(2)));
            assertThatThrownBy(() -> p.paydesk.payday().run(options, PaydayListener.NONE, () -> false))
                    .isInstanceOf(PaydayRefusedException.class).hasMessageContaining("may start after " + earliest);
            assertThat(p.paydesk.settings().sandboxLatency()).isEqualTo(Duration.ofMillis(100));
        }
    }
}
