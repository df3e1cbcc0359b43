-- Two changes to the posting trigger's update of the cached balances (V46), both about the cost
-- of a statement that writes postings for a large part of the accounts: an import's 1,000,000
-- opening balances (27.1 s for the insert before, 15.0 s after), a SETTLE of every pending amount.
--
-- 1. Its plan. The update is planned per statement, but the planner cannot know how many accounts
--    the postings touch: a transition table has no statistics, so it guesses 200 and probes
--    account's primary key once per account. Right for a pay-in batch (a few thousand postings
--    among a million accounts); for a million postings one pass over account joined by hash costs
--    far less. So when a statement wrote more postings than a tenth of the accounts, nested loops
--    are off for this one update and restored after it. The accounts are counted as the planner
--    counts a table: pg_class.reltuples, or, for a table never counted (-1: a new database, or
--    just restored), its size at about a hundred accounts per 8 kB page. Either plan is linear in
--    what it reads; this picks the smaller read.
--
-- 2. Its note. V23's trigger notes every account whose cached amounts an update changed, so that
--    the checks after a checkpoint verify it. This update needs no note: it moves exactly the
--    accounts of the new postings, by their sums, and the checks after a checkpoint verify every
--    account with a posting after the mark anyway (src/docs/ledger.md). Noting them cost as much as
--    the update (5 s of the import above) and every pay-in batch noted its tippers once more. The
--    trigger sets a transaction-local flag around this update only; the note trigger skips an
--    update only when the flag is on and it runs nested inside another trigger (depth above 1),
--    so a session that sets the flag itself and updates account is still noted.
create or replace function posting_after_insert() returns trigger language plpgsql as $$
declare
    unbalanced bigint;
    written    bigint;
    accounts   real;
    nestloop   text;
begin
    execute 'select e.entry_id from (select distinct entry_id from new_postings) e'
            ' cross join lateral (select sum(p.amount) as total, count(*) as postings'
            '                     from posting p where p.entry_id = e.entry_id) s'
            ' where s.total <> 0 or s.postings < 2 limit 1'
        into unbalanced;
    if unbalanced is not null then
        raise exception 'journal entry % does not balance: its postings must sum to zero', unbalanced
            using errcode = 'P0002';
    end if;

    select count(*) into written from new_postings;
    select case when c.reltuples >= 0 then c.reltuples
                else pg_relation_size(c.oid) / 8192 * 100 end
        into accounts from pg_class c where c.oid = 'account'::regclass;
    if written * 10 > accounts then
        nestloop := current_setting('enable_nestloop');
        perform set_config('enable_nestloop', 'off', true);
    end if;
    perform set_config('paydesk.posting_balances', 'on', true);
    execute 'update account a set committed = a.committed + s.total'
            ' from (select account_id, sum(amount) as total from new_postings group by account_id) s'
            ' where a.id = s.account_id and s.total <> 0';
    perform set_config('paydesk.posting_balances', '', true);
    if nestloop is not null then
        perform set_config('enable_nestloop', nestloop, true);
    end if;
    return null;
end
$$;

create or replace function ledger_note_account_change() returns trigger language plpgsql as $$
begin
    if pg_trigger_depth() > 1 and current_setting('paydesk.posting_balances', true) = 'on' then
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
