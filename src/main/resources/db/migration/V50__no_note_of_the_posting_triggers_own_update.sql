-- V23's trigger notes every account whose cached amounts an update changed, so that the checks
-- after a checkpoint verify it. The posting trigger's own update of the cached balances needs no
-- note: it moves exactly the accounts of the new postings, by their sums, and the checks after a
-- checkpoint verify every account with a posting after the mark anyway (src/docs/ledger.md). Noting
-- them cost as much as the update itself: an import of 1,000,000 opening balances compared and
-- noted 1,000,000 accounts (5 s), and every pay-in batch noted its tippers once more.
--
-- That update is the only one issued from inside a trigger: the trigger that notes it then runs
-- nested, at a trigger depth above 1. Every other update of account (the payday's pending and owed
-- amounts, refunds, anyone's direct UPDATE) is a statement of its own, at depth 1, and is noted as
-- before. A new trigger that updates account must note its changes itself.
create or replace function ledger_note_account_change() returns trigger language plpgsql as $$
begin
    if pg_trigger_depth() > 1 then
        return null;
    end if;
    insert into ledger_account_changed (account_id)
    select id from (
        select id, committed, owed, pending from new_accounts
        except
        select id, committed, owed, pending from old_accounts) changed
    on conflict do nothing;
    return null;
end
$$;
