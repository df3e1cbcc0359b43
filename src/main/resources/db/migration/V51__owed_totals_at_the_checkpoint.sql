-- The check that each account's cached owed amount equals its open owed items summed, as the end of a
-- payday runs it, read every open item of every tipper it touched: open items pile up until they are
-- paid or expire, so the check cost more each week (src/docs/ledger.md, "Checks that do not grow
-- with history"). It now costs what changed since the checkpoint:
--
--   open owed items of an account now = its owed at the checkpoint
--                                      + the amounts of its items written after the owed item mark
--                                      - the amounts of its items closed since the checkpoint.
--
-- ledger_checkpoint_account.owed is the first term; ledger_account_changed.owed_closed, kept by a
-- trigger on every close whoever closes and however, the third. For that sum to mean anything an
-- owed item may change in one way only: from OPEN to closed (PAID, CANCELLED, EXPIRED), once;
-- its tipper and amount never change. The trigger below refuses anything else.

-- Per account, what its owed items open at the checkpoint sum to (0: none, or no row).
alter table ledger_checkpoint_account add column owed numeric not null default 0;
-- Every advance updates the row of each account that moved: room on the page for the new version
-- keeps the update HOT (no new index entry, old versions pruned with the page) instead of leaving a
-- dead row and an index entry per account and week (at 200,000 participants, 254,000 dead rows for
-- 95,000 live after three paydays, and the advance's upsert twice as slow). On an upgraded database
-- it applies to pages written from now on (a VACUUM FULL of the table applies it to all).
alter table ledger_checkpoint_account set (fillfactor = 50);

-- Per account noted since the checkpoint, the amounts of its owed items closed since (0: none).
alter table ledger_account_changed add column owed_closed numeric not null default 0;

-- The statements run through EXECUTE, so each is planned knowing how many rows the statement
-- changed: a plan cached for a refund's one cancelled item and reused for the thousands an expiry
-- or a pay-in batch closes would compare them n x n (V40 measured that on the account notes).
create function ledger_note_owed_item_close() returns trigger language plpgsql as $$
declare
    bad record;
begin
    execute 'select o.id, o.status as old_status, n.status as new_status'
            ' from old_items o join new_items n on n.id = o.id'
            ' where n.tipper_id <> o.tipper_id or n.tippee_id <> o.tippee_id or n.tip_id <> o.tip_id'
            '    or n.amount <> o.amount or n.created_payday_id <> o.created_payday_id'
            '    or (o.status <> ''OPEN'' and n.status <> o.status)'
            ' limit 1' into bad;
    if bad.id is not null then
        raise exception 'owed item %: only an open item may change, and only by being closed (% -> %);'
            ' its tip, tipper, tippee, amount and payday never change', bad.id, bad.old_status, bad.new_status
            using errcode = 'P0004';
    end if;
    -- The same table and lock as the note of a changed account (V23), so holding the ledger still
    -- (LedgerCheckpoint.holdStill) keeps closes out too, and in the same order.
    execute 'insert into ledger_account_changed (account_id, owed_closed)'
            ' select n.tipper_id, sum(n.amount)'
            ' from new_items n join old_items o on o.id = n.id'
            ' where o.status = ''OPEN'' and n.status <> ''OPEN'''
            ' group by n.tipper_id'
            ' on conflict (account_id) do update'
            ' set owed_closed = ledger_account_changed.owed_closed + excluded.owed_closed';
    return null;
end
$$;
create trigger owed_item_note_close after update on owed_item
    referencing old table as old_items new table as new_items
    for each statement execute function ledger_note_owed_item_close();

-- An owed item is written open: one written closed would be counted as open by the sum above (its
-- close is never noted). Named to fire after owed_item_keys (triggers fire in name order), so a
-- missing key is still reported as such.
create function refuse_owed_item_written_closed() returns trigger language plpgsql as $$
declare
    closed bigint;
begin
    select id into closed from new_items where status <> 'OPEN' limit 1;
    if closed is not null then
        raise exception 'owed item %: an owed item is written open and closed later', closed
            using errcode = 'P0004';
    end if;
    return null;
end
$$;
create trigger owed_item_written_open after insert on owed_item
    referencing new table as new_items
    for each statement execute function refuse_owed_item_written_closed();

-- A database upgraded with a checkpoint in force: carry the items at or below its mark that are
-- open now as its owed, and the items after the mark that are closed by now as closed since. An
-- item at or below the mark closed between the checkpoint and this upgrade counts as closed before
-- the checkpoint, which gives the same open items now, so the next check holds exactly when the
-- cached amounts agree with the open items.
insert into ledger_checkpoint_account (account_id, total, owed)
select tipper_id, 0, sum(amount) from owed_item
where status = 'OPEN' and id <= (select owed_item_mark from ledger_checkpoint order by id desc limit 1)
group by tipper_id
on conflict (account_id) do update set owed = excluded.owed;

insert into ledger_account_changed (account_id, owed_closed)
select tipper_id, sum(amount) from owed_item
where status <> 'OPEN' and id > (select owed_item_mark from ledger_checkpoint order by id desc limit 1)
group by tipper_id
on conflict (account_id) do update set owed_closed = excluded.owed_closed;
