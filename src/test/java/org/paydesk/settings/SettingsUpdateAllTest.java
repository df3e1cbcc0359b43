package org.paydesk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.paydesk.app.Paydesk;
import org.paydesk.db.ConcurrentEditException;
import org.paydesk.staff.Caller;
import org.paydesk.testing.DatabaseExtension;
import org.paydesk.testing.Fixtures;

/** Several settings saved as one: all or nothing, audited key by key, and refused when someone else saved first. */
@ExtendWith(DatabaseExtension.class)
class SettingsUpdateAllTest {

    private static Paydesk p;
    private static Caller ada;

    @BeforeAll
    static void admin(Paydesk paydesk) {
        p = paydesk;
        ada = paydesk.staff().createFirstAdmin("ada", "Ada", "ada's long password".toCharArray());
    }

    private static Map<String, String> values() {
        return p.settingsStore().list().stream().collect(Collectors.toMap(SettingsStore.Entry::key, SettingsStore.Entry::value));
    }

    private static Map<String, Long> versions() {
        return p.settingsStore().list().stream().collect(Collectors.toMap(SettingsStore.Entry::key, SettingsStore.Entry::version));
    }

    private static long count(String sql) {
        return p.database().read(c -> Fixtures.count(c, sql));
    }

    @Test
    void oneBadValueOrABadPairLeavesEverySettingAsItWas() {
        Map<String, String> before = values();
        long audited = count("select count(*) from audit_log where action = 'settings.update'");
        assertThatThrownBy(() -> p.settingsStore().updateAll(ada, Map.of("charge.fixed_fee", "0.35", "owed.expiry_weeks", "0"),
                versions())).isInstanceOf(InvalidSettingException.class).hasMessageContaining("owed.expiry_weeks");
        assertThatThrownBy(() -> p.settingsStore().updateAll(ada, Map.of("payout.fee", "12.00", "charge.rate", "1.05"),
                versions())).hasMessageContaining("minimum payout (10.00) must be larger than the payout fee (12.00)");
        assertThat(values()).isEqualTo(before);
        assertThat(count("select count(*) from audit_log where action = 'settings.update'")).isEqualTo(audited);
    }

    @Test
    void aSaveWritesTheChangedKeysTogetherWithAnAuditRowEach() {
        Map<String, Long> seen = versions();
        Settings saved = p.settingsStore().updateAll(ada, Map.of("payout.fee", "0.40", "payout.minimum", "12.00",
                "currency", values().get("currency")), seen);
        assertThat(saved.fees().payoutFee()).isEqualByComparingTo("0.40");
        assertThat(p.settingsStore().load().fees().minimumPayout()).isEqualByComparingTo("12.00");
        assertThat(count("select count(*) from audit_log where action = 'settings.update' and target_id in"
                + " ('payout.fee', 'payout.minimum') and detail like 'saved together with %'")).isEqualTo(2);
        assertThat(count("select count(*) from audit_log where action = 'settings.update' and target_id = 'currency'"))
                .as("an unchanged value is not written").isZero();
        assertThat(versions().get("currency")).isEqualTo(seen.get("currency"));
        assertThat(versions().get("payout.fee")).isEqualTo(seen.get("payout.fee") + 1);
    }

    @Test
    void aSaveOnValuesSomeoneElseChangedSinceIsRefusedWhole() {
        Map<String, Long> seen = versions();
        p.settingsStore().update(p.systemCaller(), "payday.min_days_between", "5");
        Map<String, String> before = values();
        assertThatThrownBy(() -> p.settingsStore().updateAll(ada, Map.of("charge.minimum", "9.50"), seen))
                .isInstanceOf(SettingsChangedException.class).isInstanceOf(ConcurrentEditException.class)
                .hasMessage("Setting 'payday.min_days_between' was changed by someone else in the meantime; reload it and try again");
        assertThat(values()).isEqualTo(before);
        p.settingsStore().updateAll(ada, Map.of("charge.minimum", "9.50"), versions());
        assertThat(values().get("charge.minimum")).isEqualTo("9.50");
    }

    @Test
    void problemsNameTheFieldTheyBelongTo() {
        Map<String, String> good = new HashMap<>(values());
        assertThat(Settings.problems(good)).isEmpty();
        Map<String, String> bad = new HashMap<>(good);
        bad.put("charge.rate", "lots");
        bad.put("payout.fee", "0.305");
        bad.put("currency", "XYZ1");
        bad.put("owed.expiry_weeks", "");
        bad.put("gateway.sandbox_latency_ms", "-1");
        assertThat(Settings.problems(bad)).containsOnly(
                Map.entry("currency", "'XYZ1' is not an ISO 4217 currency code"),
                Map.entry("charge.rate", "'lots' is not a decimal number"),
                Map.entry("payout.fee", "'0.305' has more than two decimals"),
                Map.entry("owed.expiry_weeks", "a value is required"),
                Map.entry("gateway.sandbox_latency_ms", "'-1' is not a whole number of 0 or more"));
        for (var pair : List.of(List.of("payout.minimum", "0.10", "minimum payout (0.10) must be larger"),
                List.of("charge.rate", "2.5", "charge rate must be between 1 and 2"),
                List.of("charge.fixed_fee", "-1", "charge fixed fee cannot be negative"),
                List.of("charge.minimum", "5000", "minimum charge must be at most 1000.00"))) {
            Map<String, String> one = new HashMap<>(good);
            one.put(pair.get(0), pair.get(1));
            assertThat(Settings.problems(one)).as(pair.toString()).hasSize(1).hasEntrySatisfying(pair.get(0),
                    words -> assertThat(words).startsWith(pair.get(2)));
        }
    }
}
