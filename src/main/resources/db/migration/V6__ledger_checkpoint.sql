-- A verified point of the ledger (see src/docs/checks.md). The checks at the end of a payday verify
-- only what came after the latest checkpoint and then carry it forward, so their cost follows what
-- the payday wrote, not the platform's history; `check --full` still reads everything.
create table ledger_checkpoint (
    id                bigserial primary key,
    at                timestamptz    not null default clock_timestamp(),
    payday_id         bigint references payday (id),
    -- Everything up to these ids was verified (ids are taken under a lock that lets no writer in
    -- flight, so no lower id can commit later).
    through_entry     bigint         not null,
    through_posting   bigint         not null,
    through_transfer  bigint         not null,
    through_owed_item bigint         not null,
    through_exchange  bigint         not null,
    through_sandbox   bigint         not null,
    -- The conservation equation's terms as of then (DESIGN §8).
    held              numeric(16, 2) not null,
    charged_net       numeric(16, 2) not null,
    paid_out          numeric(16, 2) not null,
    refunds           numeric(16, 2) not null,
    adjustments       numeric(16, 2) not null,
    check (held = charged_net - paid_out + refunds + adjustments)
);

-- Each account's ledger sum as of the latest checkpoint, carried forward: the next check adds
-- the account's newer postings to it rather than summing its whole history.
create table ledger_checkpoint_balance (
    account_id bigint         primary key references account (id),
    total      numeric(16, 2) not null
) with (fillfactor = 80);

-- The gateway flows of the conservation check are read from exchanges recorded after the
-- checkpoint: the ones whose journal entry is newer than it.
create index exchange_entry_idx on exchange (entry_id) where entry_id is not null;
