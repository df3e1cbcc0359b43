-- The payday writes transfer, owed_item, posting and exchange rows by the hundred thousand. Their
-- foreign keys were checked row by row: per key and per row a query and a lock written into the
-- referenced row (FOR KEY SHARE), which was 31 % of pay-in at 200,000 participants (measured with
-- the keys dropped: 29.9 s -> 20.6 s). The keys stay; they are now checked once per statement,
-- as one query over the rows the statement wrote (the transition table).
--
-- A foreign key also keeps its referenced row from going away later. Here the referenced rows
-- (payday, journal_entry, tip, owed_item, account, participant) are never deleted and their ids
-- never change: journal_entry is append-only since V1, and the others refuse DELETE, TRUNCATE and
-- a change of id below. So a key checked once stays good, with no row lock needed.
--
-- Not switched off by anything but what switches off every trigger (session_replication_role =
-- replica, ALTER TABLE ... DISABLE TRIGGER ALL): exactly as for the foreign keys they replace.

-- Argument pairs: column, referenced table (whose key is id). The query is planned on each call
-- (EXECUTE), knowing how many rows the statement wrote, so no plan cached for a one-row
-- statement is reused for a statement of thousands; a nested loop over the written rows probing
-- the referenced table's primary key is linear in the rows written.
create function check_keys_of_written_rows() returns trigger language plpgsql as $$
declare
    i int := 0;
    missing bigint;
begin
    while i < tg_nargs loop
        execute format('select n.%1$I from new_rows n where n.%1$I is not null'
                       ' and not exists (select from %2$I r where r.id = n.%1$I) limit 1',
                       tg_argv[i], tg_argv[i + 1])
            into missing;
        if missing is not null then
            raise foreign_key_violation using
                message = format('insert or update on table "%s" violates foreign key constraint "%s_%s_fkey"',
                                 tg_table_name, tg_table_name, tg_argv[i]),
                detail = format('Key (%s)=(%s) is not present in table "%s".', tg_argv[i], missing, tg_argv[i + 1]),
                schema = tg_table_schema, table = tg_table_name, column = tg_argv[i],
                constraint = format('%s_%s_fkey', tg_table_name, tg_argv[i]);
        end if;
        i := i + 2;
    end loop;
    return null;
end
$$;

create function refuse_losing_referenced_row() returns trigger language plpgsql as $$
begin
    raise exception '% rows are referred to by the ledger and the paydays'' records: % refused', tg_table_name,
        case when tg_op = 'UPDATE' then 'a change of id' else tg_op end
        using errcode = 'P0001';
end
$$;

alter table transfer
    drop constraint transfer_payday_id_fkey,
    drop constraint transfer_entry_id_fkey,
    drop constraint transfer_tip_id_fkey,
    drop constraint transfer_owed_item_id_fkey;
create trigger transfer_keys after insert on transfer referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows(
        'payday_id', 'payday', 'entry_id', 'journal_entry', 'tip_id', 'tip', 'owed_item_id', 'owed_item');
create trigger transfer_keys_on_update after update on transfer referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows(
        'payday_id', 'payday', 'entry_id', 'journal_entry', 'tip_id', 'tip', 'owed_item_id', 'owed_item');

alter table owed_item
    drop constraint owed_item_created_payday_id_fkey,
    drop constraint owed_item_closed_payday_id_fkey,
    drop constraint owed_item_tip_id_fkey;
create trigger owed_item_keys after insert on owed_item referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows(
        'created_payday_id', 'payday', 'closed_payday_id', 'payday', 'tip_id', 'tip');
-- Owed items are closed by update (closed_payday_id); a transition table cannot go with a column list.
create trigger owed_item_keys_on_update after update on owed_item referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows(
        'created_payday_id', 'payday', 'closed_payday_id', 'payday', 'tip_id', 'tip');

alter table posting
    drop constraint posting_entry_id_fkey,
    drop constraint posting_account_id_fkey;
-- Postings are append-only (V1), so an insert is the only way a key is written.
create trigger posting_keys after insert on posting referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows('entry_id', 'journal_entry', 'account_id', 'account');

alter table exchange
    drop constraint exchange_participant_id_fkey,
    drop constraint exchange_payday_id_fkey,
    drop constraint exchange_entry_id_fkey;
create trigger exchange_keys after insert on exchange referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows(
        'participant_id', 'participant', 'payday_id', 'payday', 'entry_id', 'journal_entry');
-- An exchange's entry is set when its outcome is recorded.
create trigger exchange_keys_on_update after update on exchange referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows(
        'participant_id', 'participant', 'payday_id', 'payday', 'entry_id', 'journal_entry');

-- The referenced rows stay. (journal_entry refuses UPDATE, DELETE and TRUNCATE since V1.)
create trigger payday_kept before delete on payday for each row execute function refuse_losing_referenced_row();
create trigger payday_id_kept before update of id on payday for each row when (old.id is distinct from new.id)
    execute function refuse_losing_referenced_row();
create trigger payday_no_truncate before truncate on payday for each statement execute function refuse_losing_referenced_row();

create trigger tip_kept before delete on tip for each row execute function refuse_losing_referenced_row();
create trigger tip_id_kept before update of id on tip for each row when (old.id is distinct from new.id)
    execute function refuse_losing_referenced_row();
create trigger tip_no_truncate before truncate on tip for each statement execute function refuse_losing_referenced_row();

create trigger owed_item_kept before delete on owed_item for each row execute function refuse_losing_referenced_row();
create trigger owed_item_id_kept before update of id on owed_item for each row when (old.id is distinct from new.id)
    execute function refuse_losing_referenced_row();
create trigger owed_item_no_truncate before truncate on owed_item for each statement
    execute function refuse_losing_referenced_row();

create trigger account_kept before delete on account for each row execute function refuse_losing_referenced_row();
create trigger account_id_kept before update of id on account for each row when (old.id is distinct from new.id)
    execute function refuse_losing_referenced_row();
create trigger account_no_truncate before truncate on account for each statement
    execute function refuse_losing_referenced_row();

create trigger participant_kept before delete on participant for each row execute function refuse_losing_referenced_row();
create trigger participant_id_kept before update of id on participant for each row when (old.id is distinct from new.id)
    execute function refuse_losing_referenced_row();
create trigger participant_no_truncate before truncate on participant for each statement
    execute function refuse_losing_referenced_row();
