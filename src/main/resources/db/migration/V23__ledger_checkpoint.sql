-- A verified checkpoint of the ledger, so the end-of-payday checks cost what the payday wrote
-- instead of the whole history (src/docs/ledger.md, "Checks that do not grow with history").
--
-- A checkpoint says: every journal entry with id <= entry_mark and every posting with id <=
-- posting_mark has been verified, and at that point each account's ledger sum was the one in
-- ledger_checkpoint_account and the conservation equation's terms were these. The ledger is
-- append-only (V1's triggers) and the trigger below refuses rows inserted at or below the marks, so
-- nothing below the marks can change afterwards without disabling a trigger; `check --full`
-- re-verifies the checkpoint against the whole ledger for that case.
--
-- One row per advance; the row with the highest id is the one in force.
create table ledger_checkpoint (
    id                   bigserial primary key,
    -- Every row of these tables with an id at or below its mark was verified.
    entry_mark           bigint      not null,
    posting_mark         bigint      not null,
    transfer_mark        bigint      not null,
    owed_item_mark       bigint      not null,
    gateway_request_mark bigint      not null,
    -- Exchanges change status after they are written: the mark stays below the oldest one still
    -- open (INTENT or UNKNOWN), so every exchange at or below it was closed when it was verified.
    exchange_mark        bigint      not null,
    -- The terms of the conservation equation (DESIGN §8) over the rows at or below the marks.
    held                 numeric     not null,
    charged_net          numeric     not null,
    paid_out             numeric     not null,
    refunds              numeric     not null,
    adjustments          numeric     not null,
    -- The payday whose end verified it (null: none), and whether the whole ledger was scanned.
    payday_id            bigint references payday (id),
    full_scan            boolean     not null,
    made_at              timestamptz not null default clock_timestamp()
);

-- Each account's ledger sum over the postings at or below posting_mark of the checkpoint in force.
-- An account with no such posting has no row (its sum is 0).
create table ledger_checkpoint_account (
    account_id bigint  primary key,
    total      numeric not null
);

-- Accounts whose cached amounts (committed, owed, pending) changed since the checkpoint: the
-- checks after it verify these (and the accounts with new postings), whoever changed them and
-- however. Emptied in the transaction that advances the checkpoint.
create table ledger_account_changed (
    account_id bigint primary key
);

create function ledger_note_account_change() returns trigger language plpgsql as $$
begin
    insert into ledger_account_changed (account_id)
    select n.id from new_accounts n join old_accounts o on o.id = n.id
    where n.committed <> o.committed or n.owed <> o.owed or n.pending <> o.pending
    on conflict do nothing;
    return null;
end
$$;
create trigger account_note_change after update on account
    referencing old table as old_accounts new table as new_accounts
    for each statement execute function ledger_note_account_change();

-- Nothing may be written below the checkpoint's marks: a journal entry at or below entry_mark, a
-- posting at or below posting_mark or to an entry at or below entry_mark. With the append-only
-- triggers this keeps what was verified as it was verified.
create function ledger_refuse_below_checkpoint() returns trigger language plpgsql as $$
declare
    cp        record;
    low_id    bigint;
    low_entry bigint;
begin
    select entry_mark, posting_mark into cp from ledger_checkpoint order by id desc limit 1;
    if not found then
        return null;
    end if;
    if tg_table_name = 'journal_entry' then
        select min(id) into low_id from new_rows;
        if low_id <= cp.entry_mark then
            raise exception 'journal entry % is at or below the verified checkpoint (entry %)', low_id, cp.entry_mark
                using errcode = 'P0003';
        end if;
    else
        select min(id), min(entry_id) into low_id, low_entry from new_rows;
        if low_id <= cp.posting_mark or low_entry <= cp.entry_mark then
            raise exception 'a posting (id %, entry %) is at or below the verified checkpoint (posting %, entry %)',
                low_id, low_entry, cp.posting_mark, cp.entry_mark using errcode = 'P0003';
        end if;
    end if;
    return null;
end
$$;
create trigger journal_entry_after_checkpoint after insert on journal_entry
    referencing new table as new_rows
    for each statement execute function ledger_refuse_below_checkpoint();
create trigger posting_after_checkpoint after insert on posting
    referencing new table as new_rows
    for each statement execute function ledger_refuse_below_checkpoint();

-- The checkpoint's own history is append-only too.
create trigger ledger_checkpoint_append_only before update or delete on ledger_checkpoint
    for each row execute function refuse_change();
