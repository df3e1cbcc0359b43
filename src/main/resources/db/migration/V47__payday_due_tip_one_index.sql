-- The due-tip snapshot had two indexes, its primary key (payday_id, tip_id) and
-- (payday_id, tipper_id) for pay-in, which reads a batch's due tips by tipper. One key serves
-- both: the snapshot copies each tip's own tipper (tips_due), so (payday_id, tipper_id, tip_id)
-- is unique when (payday_id, tip_id) is, and pay-in reads it by its first two columns; a tip
-- transferred twice in a payday is still refused by transfer_payday_tip_key. The snapshot is written
-- at the start of every payday, a row per tip due (948,157 at 1,000,000 participants): one index
-- fewer to write per row.
alter table payday_due_tip drop constraint payday_due_tip_pkey;
drop index payday_due_tip_tipper_idx;
alter table payday_due_tip add primary key (payday_id, tipper_id, tip_id);
