package org.paydesk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
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
}
