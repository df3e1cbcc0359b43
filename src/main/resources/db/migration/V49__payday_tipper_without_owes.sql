-- V48's flag (whether a tipper had open owed amounts when the payday started) cost more to fill at
-- the start than it saved in pay-in (at 1,000,000 participants, the snapshot of tippers took 4 s
-- instead of 2 s in a plan-proof form). Pay-in now asks once whether any owed amount of an earlier
-- payday is open at all, which in a first payday saves the same searches.
alter table payday_tipper drop column owes;
