-- A tipper handled on their own (after their batch failed) is marked done in the same
-- transaction as their transfers, so a resumed batch skips them without searching transfers.
alter table payday_tipper add column done boolean not null default false;

-- Every payday updates participants' last results and accounts' cached amounts. Free room in each
-- page lets those updates stay on the page (HOT), so they do not touch the indexes, among them
-- the trigram indexes on participant.
alter table participant set (fillfactor = 85);
alter table account set (fillfactor = 85);
