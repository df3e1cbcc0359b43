-- The V23 trigger that notes changed accounts joined its two transition tables. PL/pgSQL caches
-- the plan of that statement per connection, and the planner knows nothing of a transition
-- table's size: planned first for a one-row update, it stayed a nested loop over both tables, so a
-- later update of n accounts compared n x n rows (SETTLE of 8,700 accounts: 9.6 s instead of
-- 0.1 s; each pay-in batch of 2,000: 40 ms). EXCEPT needs no join: it is a hashed or sorted set
-- operation whatever the plan, linear (or n log n) in the rows updated.
create or replace function ledger_note_account_change() returns trigger language plpgsql as $$
begin
    insert into ledger_account_changed (account_id)
    select id from (
        select id, committed, owed, pending from new_accounts
        except
        select id, committed, owed, pending from old_accounts) changed
    on conflict do nothing;
    return null;
end
$$;
