-- An exchange's outcome is recorded by an update (status, gateway reference, error, entry). V45's
-- trigger checked the keys of every updated row once per statement: the participant, the payday
-- and the entry. Only the entry is ever set by an update; checking the participant and payday of
-- each recorded outcome again cost about 1 s of the 1,000,000-participant payday's database time,
-- on the thread that writes the pay-in batches.
--
-- Now an exchange's participant and payday cannot change at all (the gateway call was made for
-- them: a payday's keys name both, a refund's key names the refund, which names the participant),
-- so the update's check needs only the entry. A row trigger on those two columns is not even
-- considered for an update that does not set them.

create function refuse_exchange_reassigned() returns trigger language plpgsql as $$
begin
    raise exception 'exchange %: its participant and payday are those of the gateway call: a change refused', old.id
        using errcode = 'P0001';
end
$$;

create trigger exchange_owner_kept before update of participant_id, payday_id on exchange for each row
    when (old.participant_id is distinct from new.participant_id or old.payday_id is distinct from new.payday_id)
    execute function refuse_exchange_reassigned();

drop trigger exchange_keys_on_update on exchange;
create trigger exchange_keys_on_update after update on exchange referencing new table as new_rows
    for each statement execute function check_keys_of_written_rows('entry_id', 'journal_entry');
