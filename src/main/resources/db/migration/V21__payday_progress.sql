-- Where a running payday is, for every workstation to see: phase, items done of total, rate and
-- the live counters, written by the run after each batch and read by the consoles once a second.
-- Informative only: the run resumes from payday.cursor and recomputes its counters from the ledger.
alter table payday add column progress jsonb not null default '{}';
