-- Foreign keys the payday paid for row by row (millions per payday at a million participants)
-- without protecting anything more:
-- * the snapshot tables are filled from payday rows in the same transaction and emptied at close;
-- * transfer and owed_item copy their tip's tipper and tippee; tip_id is still a foreign key and
--   the tip's own keys hold the participants. `check` verifies the copies agree with the tip.
alter table payday_due_tip drop constraint payday_due_tip_payday_id_fkey;
alter table payday_tipper drop constraint payday_tipper_payday_id_fkey;
alter table transfer drop constraint transfer_tipper_id_fkey;
alter table transfer drop constraint transfer_tippee_id_fkey;
alter table owed_item drop constraint owed_item_tipper_id_fkey;
alter table owed_item drop constraint owed_item_tippee_id_fkey;
