-- The posting trigger of V1 checks that every entry a statement wrote to sums to zero over at
-- least two postings, joining the statement's new postings to all postings of their entries. As
-- static PL/pgSQL its plan was made once per connection and kept, knowing nothing of the sizes:
-- in a payday at 1,000,000 participants it took 36 ms per pay-in batch (14.4 s of the run, on
-- the run's own thread) to look at about two entries of 1,000 postings each; at 200,000, 12 ms.
--
-- Now the query is planned on each call (EXECUTE), knowing how many rows the statement wrote,
-- and it is written so that no plan can read more than the touched entries' postings: the
-- postings of each entry are summed in a LATERAL subquery, which the planner cannot turn into
-- a join over the whole posting table, and which posting_entry_idx answers. Same for the update
-- of the cached balances: planned per call, a nested loop over the primary key for a batch, a
-- hash join when a bulk load writes a million postings in one statement.
create or replace function posting_after_insert() returns trigger language plpgsql as $$
declare
    unbalanced bigint;
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

    execute 'update account a set committed = a.committed + s.total'
            ' from (select account_id, sum(amount) as total from new_postings group by account_id) s'
            ' where a.id = s.account_id and s.total <> 0';
    return null;
end
$$;
