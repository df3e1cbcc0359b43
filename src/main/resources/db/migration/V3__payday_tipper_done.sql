-- A tipper handled on their own (after their batch failed) is marked done in the same
-- transaction as their transfers, so a resumed batch skips them without searching transfers.
alter table payday_tipper add column done boolean not null default false;
