package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.paydesk.ledger.InvariantChecker.CheckResult;
import org.paydesk.participants.Review;

/** The rules of DESIGN §6, each with amounts worked out by hand. */
class PaydayRulesTest {

    @Test
    void aOneDollarTipFromAnEmptyBalanceChargesTheMinimumWithItsFee() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "alice", "review": "WHITELISTED", "card": "card_ok"},
                  {"username": "bob"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "1.00"}]}""")) {
            PaydayStats stats = f.run();

            assertThat(stats.charges()).isEqualTo(1);
            assertThat(stats.chargeVolume()).isEqualByComparingTo("10.00");
            assertThat(stats.chargeFees()).isEqualByComparingTo("0.68");
            assertThat(f.balance("alice")).isEqualByComparingTo("8.32");
            assertThat(f.balance("bob")).isEqualByComparingTo("1.00");
            assertThat(stats.transfers()).isEqualTo(1);
            assertThat(stats.transferVolume()).isEqualByComparingTo("1.00");
            assertThat(stats.tippers()).isEqualTo(1);
            assertThat(f.lastCharge("alice")).isEqualTo("succeeded");
            assertThat(f.rows("select amount, fee, status from exchange")).containsExactly("10.00 | 0.68 | SUCCEEDED");
            assertThat(f.balance("alice").add(f.balance("bob"))).as("money in net of fees")
                    .isEqualByComparingTo("9.32");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aBalanceThatCoversTheTipsIsNotCharged() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "alice", "review": "WHITELISTED", "card": "card_ok", "balance": "3.00"},
                  {"username": "bob"}, {"username": "carol"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "1.00"},
                          {"tipper": "alice", "tippee": "carol", "amount": "2.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.charges()).isZero();
            assertThat(f.balance("alice")).isEqualByComparingTo("0.00");
            assertThat(f.balance("bob")).isEqualByComparingTo("1.00");
            assertThat(f.balance("carol")).isEqualByComparingTo("2.00");
        }
    }

    @Test
    void aDeclinedCardIsRecordedAndThePartTheBalanceCoversIsStillPaid() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "carol", "review": "WHITELISTED", "card": "card_declined", "balance": "1.50"},
                  {"username": "bob"}, {"username": "dan"}],
                 "tips": [{"tipper": "carol", "tippee": "bob", "amount": "1.00"},
                          {"tipper": "carol", "tippee": "dan", "amount": "2.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.cardsFailing()).isEqualTo(1);
            assertThat(stats.charges()).isZero();
            assertThat(f.lastCharge("carol")).isEqualTo("failed: card declined");
            assertThat(f.balance("bob")).as("1.00 was covered by the balance").isEqualByComparingTo("1.00");
            assertThat(f.balance("dan")).isEqualByComparingTo("0.00");
            assertThat(f.balance("carol")).isEqualByComparingTo("0.50");
            assertThat(f.owed("carol")).isEqualByComparingTo("2.00");
            assertThat(stats.owedCreated()).isEqualTo(1);
        }
    }

    @Test
    void shortWithoutACardIsCountedAsCardMissingAndOwed() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "erin", "review": "WHITELISTED"},
                  {"username": "bob"}],
                 "tips": [{"tipper": "erin", "tippee": "bob", "amount": "4.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.cardsMissing()).isEqualTo(1);
            assertThat(stats.charges()).isZero();
            assertThat(f.owed("erin")).isEqualByComparingTo("4.00");
            assertThat(f.balance("bob")).isEqualByComparingTo("0.00");
        }
    }

    @Test
    void onlyWhitelistedParticipantsAreCharged() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "uma", "review": "UNREVIEWED", "card": "card_ok"},
                  {"username": "bob"}],
                 "tips": [{"tipper": "uma", "tippee": "bob", "amount": "1.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.charges()).isZero();
            assertThat(stats.cardsMissing()).isZero();
            assertThat(f.count("select count(*) from exchange")).isZero();
            assertThat(f.owed("uma")).isEqualByComparingTo("1.00");
        }
    }

    @Test
    void suspiciousAndUnclaimedParticipantsAreLeftOut() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "sam", "review": "SUSPICIOUS", "balance": "10.00"},
                  {"username": "ann", "balance": "10.00"},
                  {"username": "shady", "review": "SUSPICIOUS"},
                  {"username": "ghost", "claimed": false},
                  {"username": "bob"}],
                 "tips": [{"tipper": "sam", "tippee": "bob", "amount": "1.00"},
                          {"tipper": "ann", "tippee": "shady", "amount": "1.00"},
                          {"tipper": "ann", "tippee": "ghost", "amount": "1.00"},
                          {"tipper": "ann", "tippee": "bob", "amount": "2.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.tips()).as("only ann -> bob is due").isEqualTo(1);
            assertThat(stats.participants()).as("claimed and not suspicious: ann, bob").isEqualTo(2);
            assertThat(f.balance("bob")).isEqualByComparingTo("2.00");
            assertThat(f.balance("sam")).isEqualByComparingTo("10.00");
            assertThat(f.balance("ann")).isEqualByComparingTo("8.00");
            assertThat(f.balance("shady")).isEqualByComparingTo("0.00");
            assertThat(f.balance("ghost")).isEqualByComparingTo("0.00");
            assertThat(f.owed("ann")).isEqualByComparingTo("0.00");
        }
    }

    @Test
    void theLatestTipOfAPairIsInForceAndZeroCancels() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [{"username": "ann", "balance": "20.00"}, {"username": "bob"}, {"username": "cy"}],
                 "tips": [{"tipper": "ann", "tippee": "bob", "amount": "1.00"},
                          {"tipper": "ann", "tippee": "bob", "amount": "3.00"},
                          {"tipper": "ann", "tippee": "cy", "amount": "5.00"},
                          {"tipper": "ann", "tippee": "cy", "amount": "0"}]}""")) {
            f.run();
            assertThat(f.balance("bob")).isEqualByComparingTo("3.00");
            assertThat(f.balance("cy")).isEqualByComparingTo("0.00");
            assertThat(f.balance("ann")).isEqualByComparingTo("17.00");
        }
    }

    @Test
    void moneyReceivedDuringPayInIsNotSpentInTheSamePayIn() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "alice", "balance": "10.00"},
                  {"username": "bob"},
                  {"username": "carol"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "5.00"},
                          {"tipper": "bob", "tippee": "carol", "amount": "3.00"}]}""")) {
            f.run();
            assertThat(f.balance("bob")).as("received 5.00 into pending, settled after pay-in").isEqualByComparingTo("5.00");
            assertThat(f.owed("bob")).as("could not spend it in the same pay-in").isEqualByComparingTo("3.00");
            assertThat(f.balance("carol")).isEqualByComparingTo("0.00");
            assertThat(f.count("select count(*) from account where pending <> 0")).isZero();
        }
    }

    @Test
    void payoutKeepsNextWeeksObligations() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "bob", "review": "WHITELISTED", "bank": "bank_ok", "balance": "50.00"},
                  {"username": "erin"}],
                 "tips": [{"tipper": "bob", "tippee": "erin", "amount": "5.00"}]}""")) {
            PaydayStats stats = f.run();
            // pay-in: 50.00 - 5.00 = 45.00; pay-out keeps next week's 5.00: 40.00 out, 39.70 to the bank.
            assertThat(stats.payouts()).isEqualTo(1);
            assertThat(stats.payoutVolume()).isEqualByComparingTo("39.70");
            assertThat(stats.payoutFees()).isEqualByComparingTo("0.30");
            assertThat(f.balance("bob")).isEqualByComparingTo("5.00");
            assertThat(f.lastPayout("bob")).isEqualTo("succeeded");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void payoutAlsoKeepsWhatIsStillOwed() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "bob", "review": "WHITELISTED", "bank": "bank_ok", "balance": "30.00"},
                  {"username": "erin"}],
                 "tips": [{"tipper": "bob", "tippee": "erin", "amount": "8.00"}]}""")) {
            f.sql("insert into payday (ts_start, ts_end, phase, started_by) values (now() - interval '8 days',"
                    + " now() - interval '8 days', 'DONE', 1)");
            f.sql("insert into owed_item (tip_id, tipper_id, tippee_id, amount, created_payday_id, created_at)"
                    + " select t.id, t.tipper_id, t.tippee_id, 25.00, 1, now() - interval '8 days' from tip t");
            f.sql("update account set owed = 25.00 where id = (select id from participant where username = 'bob')");
            f.sql("update participant set review = 'SUSPICIOUS' where username = 'erin'");
            f.sql("update participant set review = 'UNREVIEWED' where username = 'erin'");
            PaydayStats stats = f.run();
            // pay-in: owed 25.00 first (30 -> 5), then the 8.00 tip is short and owed again; pay-out:
            // 5.00 - 8.00 next week - 8.00 owed < 0: nothing.
            assertThat(f.balance("bob")).isEqualByComparingTo("5.00");
            assertThat(f.owed("bob")).isEqualByComparingTo("8.00");
            assertThat(stats.payouts()).isZero();
            assertThat(f.balance("erin")).isEqualByComparingTo("25.00");
        }
    }

    @Test
    void aPayoutBelowTheMinimumIsNotMade() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [{"username": "bob", "review": "WHITELISTED", "bank": "bank_ok", "balance": "9.99"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.payouts()).isZero();
            assertThat(f.count("select count(*) from exchange")).isZero();
            assertThat(f.balance("bob")).isEqualByComparingTo("9.99");
        }
    }

    @Test
    void exactlyTheMinimumIsPaidOut() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [{"username": "bob", "review": "WHITELISTED", "bank": "bank_ok", "balance": "10.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.payoutVolume()).isEqualByComparingTo("9.70");
            assertThat(f.balance("bob")).isEqualByComparingTo("0.00");
        }
    }

    @Test
    void aRejectedPayoutLeavesTheBalanceAndIsCounted() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [{"username": "erin", "review": "WHITELISTED", "bank": "bank_rejected", "balance": "30.00"}]}""")) {
            PaydayStats stats = f.run();
            assertThat(stats.payouts()).isZero();
            assertThat(stats.payoutsFailing()).isEqualTo(1);
            assertThat(f.balance("erin")).isEqualByComparingTo("30.00");
            assertThat(f.lastPayout("erin")).isEqualTo("failed: payout rejected by the bank");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void unreviewedOrUnroutedParticipantsAreNotPaidOut() {
        // vic has everything a payout needs; uma lacks only the review, wes only the payout route,
        // so whatever keeps their money is that one difference.
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [{"username": "vic", "review": "WHITELISTED", "bank": "bank_ok", "balance": "30.00"},
                                  {"username": "uma", "bank": "bank_ok", "balance": "30.00"},
                                  {"username": "wes", "review": "WHITELISTED", "balance": "30.00"}]}""")) {
            PaydayStats stats = f.run();

            assertThat(stats.payouts()).as("vic only").isEqualTo(1);
            assertThat(stats.payoutVolume()).isEqualByComparingTo("29.70");
            assertThat(stats.payoutsFailing()).as("left out is not a failure").isZero();
            assertThat(f.rows("select p.username, x.kind, x.amount, x.status from exchange x"
                    + " join participant p on p.id = x.participant_id")).containsExactly("vic | PAYOUT | 29.70 | SUCCEEDED");
            assertThat(f.balance("vic")).isEqualByComparingTo("0.00");
            assertThat(f.lastPayout("vic")).isEqualTo("succeeded");

            assertThat(f.paydesk.participants().findByUsername("uma").orElseThrow()).satisfies(uma -> {
                assertThat(uma.review()).as("why: not reviewed").isEqualTo(Review.UNREVIEWED);
                assertThat(uma.bankToken()).isEqualTo("bank_ok");
                assertThat(uma.balance()).as("untouched").isEqualByComparingTo("30.00");
                assertThat(uma.lastPayoutResult()).as("never tried").isNull();
            });
            assertThat(f.paydesk.participants().findByUsername("wes").orElseThrow()).satisfies(wes -> {
                assertThat(wes.review()).isEqualTo(Review.WHITELISTED);
                assertThat(wes.bankToken()).as("why: no payout route").isNull();
                assertThat(wes.balance()).as("untouched").isEqualByComparingTo("30.00");
                assertThat(wes.lastPayoutResult()).as("never tried").isNull();
            });
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void owedAmountsAreRetriedOldestFirstAtTheNextPayday() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "carol", "review": "WHITELISTED", "card": "card_declined", "balance": "0.50"},
                  {"username": "bob"}],
                 "tips": [{"tipper": "carol", "tippee": "bob", "amount": "1.00"}]}""")) {
            f.run();
            assertThat(f.owed("carol")).isEqualByComparingTo("1.00");

            f.sql("update participant set card_token = 'card_ok' where username = 'carol'");
            PaydayStats second = f.runForced();
            // obligations 1.00 owed + 1.00 due = 2.00; balance 0.50: short 1.50, raised to 9.32 -> charge 10.00
            assertThat(second.chargeVolume()).isEqualByComparingTo("10.00");
            assertThat(f.balance("carol")).isEqualByComparingTo("7.82");
            assertThat(f.owed("carol")).isEqualByComparingTo("0.00");
            assertThat(f.balance("bob")).isEqualByComparingTo("2.00");
            assertThat(f.rows("select status, closed_payday_id from owed_item")).containsExactly("PAID | 2");
            assertThat(f.rows("select payday_id, amount, owed_item_id is not null from transfer order by id"))
                    .containsExactly("2 | 1.00 | t", "2 | 1.00 | f");
        }
    }

    @Test
    void owedAmountsOlderThanTheSettingExpire() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "erin", "review": "WHITELISTED"},
                  {"username": "bob"}],
                 "tips": [{"tipper": "erin", "tippee": "bob", "amount": "4.00"}]}""")) {
            f.run();
            assertThat(f.owed("erin")).isEqualByComparingTo("4.00");
            f.sql("update owed_item set created_at = now() - interval '29 days'");

            PaydayStats second = f.runForced();
            assertThat(second.owedExpired()).isEqualTo(1);
            assertThat(f.rows("select status, amount from owed_item order by id"))
                    .containsExactly("EXPIRED | 4.00", "OPEN | 4.00");
            assertThat(f.owed("erin")).as("only this week's tip is owed").isEqualByComparingTo("4.00");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aSecondPaydayWithinSixDaysIsRefusedUnlessForcedAndTheForceIsAudited() {
        try (PaydayFixture f = new PaydayFixture("{\"participants\": [{\"username\": \"bob\"}]}")) {
            f.run();
            assertThatThrownBy(f::run).isInstanceOf(PaydayRefusedException.class)
                    .hasMessageContaining("The last payday (#1) started at").hasMessageContaining("--force");
            assertThat(f.count("select count(*) from payday")).isEqualTo(1);
            f.runForced();
            assertThat(f.count("select count(*) from payday")).isEqualTo(2);
            assertThat(f.rows("select action, target_id from audit_log where action like 'payday.start%' order by id"))
                    .containsExactly("payday.start | 1", "payday.start.forced | 2");
        }
    }

    @Test
    void participantsAndTipsCreatedAfterTheCutOffWaitForTheNextPayday() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [{"username": "ann", "balance": "20.00"}, {"username": "bob"}],
                 "tips": [{"tipper": "ann", "tippee": "bob", "amount": "1.00"}]}""")) {
            f.sql("update tip set created_at = now() + interval '1 hour'");
            PaydayStats stats = f.run();
            assertThat(stats.tips()).isZero();
            assertThat(f.balance("bob")).isEqualByComparingTo("0.00");
        }
    }

    @Test
    void statisticsAreStoredAndReadBack() {
        try (PaydayFixture f = new PaydayFixture("""
                {"participants": [
                  {"username": "alice", "review": "WHITELISTED", "card": "card_ok"},
                  {"username": "bob", "review": "WHITELISTED", "bank": "bank_ok", "balance": "50.00"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "1.00"}]}""")) {
            PaydayStats stats = f.run();
            Paydays.Summary stored = f.paydesk.paydays().find(stats.id()).orElseThrow();
            assertThat(stored.open()).isFalse();
            assertThat(stored.stats().toJson()).isEqualTo(stats.toJson());
            assertThat(stats.toJson().get("charge_volume").asText()).isEqualTo("10.00");
            assertThat(stats.toJson().get("payout_volume").asText()).isEqualTo("50.70");
            assertThat(stats.phases()).containsKeys("start", "refunds", "payin", "settle", "payout", "checks");
            assertThat(f.count("select count(*) from payday_due_tip")).as("work tables emptied at close").isZero();
        }
    }
}
