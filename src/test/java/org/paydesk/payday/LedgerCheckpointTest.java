package org.paydesk.payday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.ledger.InvariantChecker;
import org.paydesk.ledger.InvariantChecker.CheckResult;

/**
 * The checkpoint the paydays carry forward (src/docs/ledger.md, "Checks that do not grow with
 * history"): the first payday checks the whole ledger and makes it, the next ones check what was
 * written after it and advance it only when every check passed; the incremental checks catch what
 * is planted after the mark, and {@code check} (the full scan) catches what is planted below it.
 */
class LedgerCheckpointTest {

    private static final String PLATFORM = """
            {"participants": [
              {"username": "alice", "review": "WHITELISTED", "balance": "50.00", "card": "card_ok", "bank": "bank_ok"},
              {"username": "bob", "review": "WHITELISTED", "balance": "20.00", "card": "card_ok"},
              {"username": "carol", "review": "WHITELISTED", "bank": "bank_ok"},
              {"username": "dan", "balance": "0.50"}],
             "tips": [{"tipper": "alice", "tippee": "carol", "amount": "3.00"},
                      {"tipper": "bob", "tippee": "carol", "amount": "2.00"},
                      {"tipper": "dan", "tippee": "alice", "amount": "1.00"},
                      {"tipper": "carol", "tippee": "bob", "amount": "1.00"}]}""";

    private static final String ENTRIES = "every journal entry sums to zero over two or more postings";
    private static final String CACHED = "cached balances equal ledger sums";
    private static final String OWED = "cached owed amounts equal open owed items";
    private static final String TWICE = "each (payday, tip) is transferred at most once";
    private static final String KEYS = "each idempotency key is exchanged at most once at the gateway";
    private static final String CONSERVATION = "participants' balances equal money in - money out + adjustments";
    private static final String CHECKPOINT = "the verified checkpoint agrees with the ledger";

    @Test
    void theFirstPaydayChecksTheWholeLedgerAndMakesTheCheckpointTheNextAdvanceItFromWhatTheyWrote() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            assertThat(f.count("select count(*) from ledger_checkpoint")).isZero();
            PaydayStats first = f.run();
            PaydayStats second = f.runForced();

            assertThat(first.errors()).isZero();
            assertThat(second.errors()).isZero();
            assertThat(f.rows("select payday_id, full_scan from ledger_checkpoint order by id"))
                    .containsExactly(first.id() + " | t", second.id() + " | f");
            assertThat(f.rows("select entry_mark = (select max(id) from journal_entry),"
                    + " posting_mark = (select max(id) from posting), transfer_mark = (select max(id) from transfer),"
                    + " exchange_mark = (select max(id) from exchange) from ledger_checkpoint order by id desc limit 1"))
                    .containsExactly("t | t | t | t");
            assertThat(f.count("select count(*) from ledger_account_changed")).as("emptied as it advanced").isZero();
            // Each account's carried sum is its ledger sum, and the full check re-verifies the checkpoint.
            assertThat(f.count("select count(*) from account a left join ledger_checkpoint_account k on k.account_id = a.id"
                    + " where coalesce(k.total, 0) <> a.committed")).isZero();
            List<CheckResult> full = f.paydesk.checker().runAll();
            assertThat(full).extracting(CheckResult::name).contains(CHECKPOINT);
            assertThat(full).allMatch(CheckResult::ok);
            assertThat(f.paydesk.checker().runSinceCheckpoint().sinceCheckpoint()).isTrue();
        }
    }

    @Test
    void aPaydayOnAPlatformWithoutACheckpointChecksEverythingAndMakesOne() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            // An upgraded database: history, no checkpoint.
            f.sql("truncate ledger_checkpoint, ledger_checkpoint_account, ledger_account_changed");
            PaydayStats next = f.runForced();
            assertThat(next.errors()).isZero();
            assertThat(f.rows("select payday_id, full_scan from ledger_checkpoint"))
                    .containsExactly(next.id() + " | t");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void theFirstCheckpointTakesTheCachedAmountsOnlyWhenTheFullChecksFindThemEqualToTheLedger() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            // Between pay-out and the checks, bob's cached balance and dan's cached owed go wrong.
            PaydayStats first = f.run(false, (phase, point) -> {
                if (phase == Phase.CHECKS && point.equals("statistics current")) {
                    f.sql("update account set committed = committed + 1.00 where id = (select id from participant where username = 'bob')");
                    f.sql("update account set owed = owed + 0.50 where id = (select id from participant where username = 'dan')");
                }
            }, 200);
            assertThat(f.rows("select message from payday_error where payday_id = " + first.id()))
                    .anyMatch(m -> m.contains(CACHED) && m.contains("bob"))
                    .anyMatch(m -> m.contains(OWED) && m.contains("dan"));
            assertThat(f.count("select count(*) from ledger_checkpoint")).isZero();
            assertThat(f.count("select count(*) from ledger_checkpoint_account")).as("rolled back with the checks").isZero();

            f.sql("update account set committed = committed - 1.00 where id = (select id from participant where username = 'bob')");
            f.sql("update account set owed = owed - 0.50 where id = (select id from participant where username = 'dan')");
            PaydayStats next = f.runForced();
            assertThat(next.errors()).isZero();
            assertThat(f.rows("select payday_id, full_scan from ledger_checkpoint")).containsExactly(next.id() + " | t");
            // Taken from the cached amounts, and what the ledger says: the full check re-derives them.
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aFullCheckWhileAPaydayAdvancesTheCheckpointReadsTheStateBeforeItWithoutWaitingForIt() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            // Inside the transaction that has advanced the checkpoint and emptied the notes, not yet
            // committed: another connection's full check (which reads the notes) sees the state
            // before it. With the notes emptied by TRUNCATE it waited for that transaction, which
            // waited for it.
            List<List<CheckResult>> seen = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> f.run(true, (phase, point) -> {
                if (phase == Phase.CHECKS && point.equals("checked")) {
                    seen.add(f.paydesk.checker().runAll());
                }
            }, 200));
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0)).allMatch(CheckResult::ok);
            assertThat(f.count("select count(*) from ledger_checkpoint")).isEqualTo(2);
        }
    }

    @Test
    void anEntryWrittenAfterTheMarkWithoutPostingsFailsThePaydaysChecksAndTheCheckpointStays() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            List<String> before = f.rows("select * from ledger_checkpoint order by id");
            List<String> sumsBefore = f.rows("select account_id, total from ledger_checkpoint_account order by 1");
            f.sql("insert into journal_entry (kind, description) values ('CREDIT', 'planted, no postings')");

            InvariantChecker.Verification found = f.paydesk.checker().runSinceCheckpoint();
            assertThat(found.sinceCheckpoint()).isTrue();
            assertThat(failed(found.results())).containsExactly(ENTRIES);
            assertThat(detail(found.results(), ENTRIES)).contains("over 0 postings");

            PaydayStats next = f.runForced();
            assertThat(f.rows("select message from payday_error where payday_id = " + next.id()))
                    .singleElement().asString().contains("invariant failed: " + ENTRIES);
            assertThat(f.count("select count(*) from payday where ts_end is null")).as("the payday still closes").isZero();
            assertThat(f.rows("select * from ledger_checkpoint order by id")).as("not advanced").isEqualTo(before);
            assertThat(f.rows("select account_id, total from ledger_checkpoint_account order by 1"))
                    .as("the account sums added alongside the checks are undone").isEqualTo(sumsBefore);
            // Not advanced, so the next payday's checks still cover the planted entry.
            PaydayStats after = f.runForced();
            assertThat(f.count("select count(*) from payday_error where payday_id = " + after.id())).isEqualTo(1);
        }
    }

    @Test
    void aCorruptedCachedBalanceIsCaughtWhetherTheAccountHadNewPostingsOrNot() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            // alice gets a posting after the mark and a wrong cached balance; dan gets only the wrong balance.
            creditAliceAfterTheMark(f);
            f.sql("update account set committed = committed + 5.00 where id = (select id from participant where username = 'alice')");
            f.sql("update account set committed = committed + 0.25 where id = (select id from participant where username = 'dan')");

            List<CheckResult> since = f.paydesk.checker().runSinceCheckpoint().results();
            assertThat(failed(since)).containsExactly(CACHED);
            assertThat(detail(since, CACHED)).contains("alice").contains("dan");
            assertThat(failed(f.paydesk.checker().runAll())).as("the full check agrees").containsExactly(CACHED);
        }
    }

    @Test
    void thePostingTriggersOwnBalanceMovesAreCheckedThroughThePostingsAndEveryOtherChangeIsNoted() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            creditAliceAfterTheMark(f);
            assertThat(f.count("select count(*) from ledger_account_changed")).as("moved by the posting trigger").isZero();
            assertThat(f.paydesk.checker().runSinceCheckpoint().results()).allMatch(CheckResult::ok);

            f.sql("update account set pending = pending + 1.00 where id = (select id from participant where username = 'dan')");
            assertThat(f.rows("select p.username from ledger_account_changed c join participant p on p.id = c.account_id"))
                    .as("a change by a statement of its own").containsExactly("dan");
            // The posting trigger's flag, set by a session itself, does not hide its own change.
            f.sql("with flag as (select set_config('paydesk.posting_balances', 'on', true))"
                    + " update account set committed = committed + 0.25"
                    + " where id = (select id from participant where username = 'bob') and exists (select from flag)");
            assertThat(f.rows("select p.username from ledger_account_changed c join participant p on p.id = c.account_id"
                    + " order by 1")).containsExactly("bob", "dan");
            List<CheckResult> since = f.paydesk.checker().runSinceCheckpoint().results();
            assertThat(failed(since)).contains(CACHED);
            assertThat(detail(since, CACHED)).contains("bob");
        }
    }

    @Test
    void aCorruptedOwedAmountOfAnAccountNotTouchedSinceTheMarkIsCaught() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.sql("update account set owed = owed + 2.00 where id = (select id from participant where username = 'bob')");
            List<CheckResult> since = f.paydesk.checker().runSinceCheckpoint().results();
            assertThat(failed(since)).containsExactly(OWED);
            assertThat(detail(since, OWED)).contains("bob");
        }
    }

    @Test
    void theCheckpointCarriesEachAccountsOpenOwedItemsAsTheyAreWrittenPaidAndExpired() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.runForced();
            String dans = "select count(*) from owed_item o join participant p on p.id = o.tipper_id where p.username = 'dan'";
            assertThat(f.count(dans + " and o.status = 'OPEN'")).as("one a week").isEqualTo(2);
            // dan gets the 2.00 he owes: the next payday pays his owed items from it (closes below the
            // mark) and his tip of the week becomes owed.
            credit(f, "dan", "2.00");
            PaydayStats paid = f.runForced();
            assertThat(paid.errors()).isZero();
            assertThat(f.count(dans + " and o.status = 'PAID'")).isEqualTo(2);
            assertThat(f.count(dans + " and o.status = 'OPEN'")).isEqualTo(1);
            // Expired the week after: created long before the cut-off.
            f.sql("update owed_item set created_at = created_at - interval '60 days' where status = 'OPEN'");
            PaydayStats expired = f.runForced();
            assertThat(expired.errors()).isZero();
            assertThat(f.count(dans + " and o.status = 'EXPIRED'")).isEqualTo(1);

            assertThat(f.count("select count(*) from ledger_checkpoint where payday_id = " + expired.id())).isEqualTo(1);
            assertThat(accountsWhoseCarriedOwedDiffers(f)).as("the checkpoint's owed is each account's, after every kind of close")
                    .isZero();
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);

            // A wrong owed in the checkpoint itself is what the full check's re-verification catches.
            f.sql("update ledger_checkpoint_account set owed = owed + 1.00"
                    + " where account_id = (select id from participant where username = 'bob')");
            List<CheckResult> full = f.paydesk.checker().runAll();
            assertThat(failed(full)).containsExactly(CHECKPOINT);
            assertThat(detail(full, CHECKPOINT)).contains("checkpoint owed 1.00");
        }
    }

    @Test
    void owedItemsCancelledOutsideAPaydayAreCarriedByTheNextCheckpoint() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.runForced();
            // As a tip refund cancels a tipper's open items toward a tippee: one statement, two tables.
            f.sql("with cancelled as (update owed_item set status = 'CANCELLED', closed_at = clock_timestamp()"
                    + " where tipper_id = (select id from participant where username = 'dan') and status = 'OPEN'"
                    + " returning amount) update account set owed = owed - (select coalesce(sum(amount), 0) from cancelled)"
                    + " where id = (select id from participant where username = 'dan')");
            assertThat(f.rows("select owed_closed from ledger_account_changed c join participant p on p.id = c.account_id"
                    + " where p.username = 'dan'")).containsExactly("2.00");
            assertThat(f.paydesk.checker().runSinceCheckpoint().results()).allMatch(CheckResult::ok);
            PaydayStats next = f.runForced();
            assertThat(next.errors()).isZero();
            assertThat(accountsWhoseCarriedOwedDiffers(f)).isZero();
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void anOwedItemClosedWithoutItsCachedOwedIsCaughtIncrementallyAndAnOwedItemChangesOnlyByClosing() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.runForced();
            String dansOldest = "(select min(o.id) from owed_item o join participant p on p.id = o.tipper_id"
                    + " where p.username = 'dan')";
            // Below the owed item mark, by a statement that leaves dan's account as it was.
            f.sql("update owed_item set status = 'CANCELLED', closed_at = now() where id = " + dansOldest);
            List<CheckResult> since = f.paydesk.checker().runSinceCheckpoint().results();
            assertThat(failed(since)).containsExactly(OWED);
            assertThat(detail(since, OWED)).contains("dan: cached 2.00, open items 1.00");
            assertThat(failed(f.paydesk.checker().runAll())).as("the full check agrees").containsExactly(OWED);

            assertThatThrownBy(() -> f.sql("update owed_item set status = 'OPEN', closed_at = null where id = " + dansOldest))
                    .hasStackTraceContaining("only an open item may change, and only by being closed");
            assertThatThrownBy(() -> f.sql("update owed_item set amount = amount + 1 where status = 'OPEN'"))
                    .hasStackTraceContaining("amount and payday never change");
            assertThatThrownBy(() -> f.sql("update owed_item set tipper_id = (select id from participant where username = 'bob')"
                    + " where status = 'OPEN'")).hasStackTraceContaining("amount and payday never change");
            assertThatThrownBy(() -> f.sql("update owed_item set status = 'PAID' where id = " + dansOldest))
                    .as("from one close to another").hasStackTraceContaining("only an open item may change");
            assertThatThrownBy(() -> f.sql("update owed_item set tippee_id = (select id from participant where username = 'bob')"
                    + " where status = 'OPEN'")).hasStackTraceContaining("amount and payday never change");
            assertThatThrownBy(() -> f.sql("with t as (insert into tip (tipper_id, tippee_id, amount)"
                    + " select d.id, c.id, 4.00 from participant d, participant c where d.username = 'dan' and c.username = 'carol'"
                    + " returning id, tipper_id, tippee_id, amount)"
                    + " insert into owed_item (tip_id, tipper_id, tippee_id, amount, created_payday_id, status, closed_at)"
                    + " select id, tipper_id, tippee_id, amount, (select max(id) from payday), 'PAID', now() from t"))
                    .hasStackTraceContaining("an owed item is written open");
            // Moving dates (as the tests that age owed items do) is no change to what is owed.
            f.sql("update owed_item set created_at = created_at - interval '1 day'");
        }
    }

    @Test
    void theUpgradeToOwedAtTheCheckpointCarriesWhatWasOpenAndClosedBeforeIt() throws Exception {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.runForced();
            // As a database before V51 stood: no owed at the checkpoint, closes not noted. Then dan's
            // oldest item (below the mark) is closed, and an item written after the mark is closed too,
            // each with his cached owed, as the code before V51 did.
            f.sql("update ledger_checkpoint_account set owed = 0");
            f.sql("alter table owed_item disable trigger owed_item_note_close");
            String dan = "(select id from participant where username = 'dan')";
            f.sql("with c as (update owed_item set status = 'CANCELLED', closed_at = now()"
                    + " where id = (select min(id) from owed_item where tipper_id = " + dan + ") returning amount)"
                    + " update account set owed = owed - (select amount from c) where id = " + dan);
            f.sql("with t as (insert into tip (tipper_id, tippee_id, amount) select " + dan + ", id, 4.00"
                    + " from participant where username = 'carol' returning id, tipper_id, tippee_id, amount)"
                    + " insert into owed_item (tip_id, tipper_id, tippee_id, amount, created_payday_id)"
                    + " select id, tipper_id, tippee_id, amount, (select max(id) from payday) from t");
            f.sql("update owed_item set status = 'PAID', closed_at = now() where amount = 4.00");
            f.sql("alter table owed_item enable trigger owed_item_note_close");
            assertThat(failed(f.paydesk.checker().runSinceCheckpoint().results())).as("before the upgrade's carry")
                    .containsExactly(OWED);

            String migration = new String(LedgerCheckpointTest.class.getResourceAsStream(
                    "/db/migration/V51__owed_totals_at_the_checkpoint.sql").readAllBytes(), StandardCharsets.UTF_8);
            String carry = migration.substring(migration.indexOf("-- A database upgraded"));
            f.sql(carry);

            assertThat(f.paydesk.checker().runSinceCheckpoint().results()).allMatch(CheckResult::ok);
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
            PaydayStats next = f.runForced();
            assertThat(next.errors()).isZero();
            assertThat(f.count("select count(*) from ledger_checkpoint where payday_id = " + next.id())).isEqualTo(1);
        }
    }

    @Test
    void aKeyCheckedOnceFailsIncrementallyWhenItsUniqueIndexIsGoneAndTheFullCheckFindsTheTwins() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            assertThat(f.paydesk.checker().runSinceCheckpoint().results()).allMatch(CheckResult::ok);
            // Without the index, a second exchange under an old key and a second transfer of a (payday, tip).
            f.sql("drop index transfer_payday_tip_key");
            f.sql("alter table exchange drop constraint exchange_idempotency_key_key");
            f.sql("create index exchange_idempotency_key_key on exchange (idempotency_key)");
            f.sql("insert into exchange (kind, participant_id, amount, token, idempotency_key, status)"
                    + " select kind, participant_id, amount, token, idempotency_key, 'FAILED' from exchange"
                    + " where id = (select min(id) from exchange)");
            f.sql("insert into transfer (payday_id, tip_id, tipper_id, tippee_id, amount, entry_id)"
                    + " select payday_id, tip_id, tipper_id, tippee_id, amount, entry_id from transfer"
                    + " where id = (select min(id) from transfer)");

            List<CheckResult> since = f.paydesk.checker().runSinceCheckpoint().results();
            assertThat(failed(since)).contains(TWICE, KEYS);
            assertThat(detail(since, TWICE)).isEqualTo("transfer has no valid unique index"
                    + " btree (payday_id, tip_id) WHERE (owed_item_id IS NULL), so the key can occur twice");
            assertThat(detail(since, KEYS)).startsWith("exchange has no valid unique index btree (idempotency_key)");
            List<CheckResult> full = f.paydesk.checker().runAll();
            assertThat(detail(full, TWICE)).contains(": 2 transfers");
            assertThat(detail(full, KEYS)).contains(": 2 exchanges");
        }
    }

    @Test
    void aChargeBookedAfterTheMarkWithoutItsGatewayExchangeBreaksTheConservationEquation() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.sql("with e as (insert into journal_entry (kind, description) values ('CHARGE', 'no exchange') returning id)"
                    + " insert into posting (entry_id, account_id, amount)"
                    + " select e.id, (select id from participant where username = 'carol'), 5.00 from e"
                    + " union all select e.id, (select id from account where kind = 'GATEWAY_CLEARING'), -5.00 from e");
            List<CheckResult> since = f.paydesk.checker().runSinceCheckpoint().results();
            assertThat(failed(since)).containsExactly(CONSERVATION);
            PaydayStats next = f.runForced();
            assertThat(f.rows("select message from payday_error where payday_id = " + next.id()))
                    .anyMatch(m -> m.contains(CONSERVATION));
            assertThat(f.count("select count(*) from ledger_checkpoint where payday_id = " + next.id())).isZero();
        }
    }

    @Test
    void exchangesAfterAnOpenOneAreCountedByThePaydaysConservationCheckAndLeftForTheNextCheckpoint() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            // Left open outside any payday (as a crash in a refund's call leaves one): the exchange mark stays below it.
            f.sql("insert into exchange (kind, participant_id, amount, token, idempotency_key)"
                    + " select 'PAYOUT', id, 1.00, 'bank_ok', 'left-open' from participant where username = 'carol'");
            f.sql("with e as (insert into journal_entry (kind, description) values ('CREDIT', 'for a payout') returning id)"
                    + " insert into posting (entry_id, account_id, amount)"
                    + " select e.id, (select id from participant where username = 'carol'), 40.00 from e"
                    + " union all select e.id, (select id from account where kind = 'ADJUSTMENTS'), -40.00 from e");
            PaydayStats next = f.runForced();
            assertThat(next.payouts()).as("payouts written after the open exchange").isPositive();
            assertThat(next.errors()).isZero();
            assertThat(f.rows("select exchange_mark < (select id from exchange where idempotency_key = 'left-open')"
                    + " from ledger_checkpoint where payday_id = " + next.id())).containsExactly("t");

            f.sql("update exchange set status = 'FAILED', error = 'closed by hand' where idempotency_key = 'left-open'");
            PaydayStats after = f.runForced();
            assertThat(after.errors()).as("the payouts after the old mark are counted once").isZero();
            assertThat(f.rows("select exchange_mark = (select max(id) from exchange) from ledger_checkpoint"
                    + " where payday_id = " + after.id())).containsExactly("t");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    @Test
    void aCorruptionBelowTheMarkIsNotSeenIncrementallyButTheFullCheckCatchesIt() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            f.runForced();
            // Move one of alice's old postings to bob, with the append-only trigger switched off:
            // the entry still balances, but both ledger sums change below the mark.
            f.sql("alter table posting disable trigger posting_append_only");
            f.sql("update posting set account_id = (select id from participant where username = 'bob')"
                    + " where id = (select min(p.id) from posting p join participant pa on pa.id = p.account_id"
                    + " where pa.username = 'alice')");
            f.sql("alter table posting enable trigger posting_append_only");

            assertThat(f.paydesk.checker().runSinceCheckpoint().results()).as("what the incremental check cannot see")
                    .allMatch(CheckResult::ok);
            List<CheckResult> full = f.paydesk.checker().runAll();
            assertThat(failed(full)).contains(CACHED, CHECKPOINT);
            assertThat(detail(full, CHECKPOINT)).contains("checkpoint sum");
        }
    }

    @Test
    void nothingCanBeWrittenAtOrBelowTheMarks() {
        try (PaydayFixture f = new PaydayFixture(PLATFORM)) {
            f.run();
            assertThatThrownBy(() -> f.sql("insert into posting (entry_id, account_id, amount)"
                    + " select (select min(id) from journal_entry), id, 1.00 from account where kind = 'ADJUSTMENTS'"
                    + " union all select (select min(id) from journal_entry), id, -1.00 from account where kind = 'GATEWAY_CLEARING'"))
                    .hasStackTraceContaining("below the verified checkpoint");
            assertThatThrownBy(() -> f.sql("insert into journal_entry (id, kind) values"
                    + " (0, 'CREDIT')"))
                    .hasStackTraceContaining("below the verified checkpoint");
            assertThat(f.paydesk.checker().runAll()).allMatch(CheckResult::ok);
        }
    }

    /** How many accounts' cached owed differs from the owed the checkpoint carries for them. */
    private static long accountsWhoseCarriedOwedDiffers(PaydayFixture f) {
        return f.count("select count(*) from account a left join ledger_checkpoint_account k on k.account_id = a.id"
                + " where coalesce(k.owed, 0) <> a.owed");
    }

    /** A CREDIT entry of 1.00 to alice, off the adjustments account, written after the checkpoint. */
    private static void creditAliceAfterTheMark(PaydayFixture f) {
        credit(f, "alice", "1.00");
    }

    /** A CREDIT entry of {@code amount} to {@code username}, off the adjustments account. */
    private static void credit(PaydayFixture f, String username, String amount) {
        f.sql("with e as (insert into journal_entry (kind, description) values ('CREDIT', 'after the mark') returning id)"
                + " insert into posting (entry_id, account_id, amount)"
                + " select e.id, (select id from participant where username = '" + username + "'), " + amount + " from e"
                + " union all select e.id, (select id from account where kind = 'ADJUSTMENTS'), -" + amount + " from e");
    }

    static List<String> failed(List<CheckResult> results) {
        return results.stream().filter(r -> !r.ok()).map(CheckResult::name).toList();
    }

    static String detail(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().detail();
    }
}
