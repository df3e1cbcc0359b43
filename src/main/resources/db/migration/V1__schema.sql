-- Paydesk schema. Money is numeric(14,2) everywhere; see src/docs/ledger.md.

create extension if not exists pg_trgm;

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE.
create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'P0001';
end
$$;

------------------------------------------------------------------------------
-- Settings and staff
------------------------------------------------------------------------------

create table setting (
    key        text primary key,
    value      text        not null,
    updated_at timestamptz not null default now(),
    version    bigint      not null default 0
);

insert into setting (key, value) values
    ('currency', 'USD'),
    ('charge.fixed_fee', '0.30'),
    ('charge.rate', '1.039'),
    ('charge.minimum', '9.32'),
    ('payout.fee', '0.30'),
    ('payout.minimum', '10.00'),
    ('owed.expiry_weeks', '4'),
    ('payday.min_days_between', '6');

create table staff (
    id                  bigserial primary key,
    username            text        not null check (username ~ '^[A-Za-z0-9_.-]{1,64}$'),
    display_name        text        not null,
    password_hash       text,
    roles               text[]      not null default '{}'
        check (roles <@ array['CLERK', 'APPROVER', 'OPERATOR', 'ADMIN']),
    is_system           boolean     not null default false,
    disabled            boolean     not null default false,
    failed_sign_ins     integer     not null default 0 check (failed_sign_ins >= 0),
    last_failed_sign_in timestamptz,
    created_at          timestamptz not null default now(),
    version             bigint      not null default 0,
    check (is_system or password_hash is not null)
);
create unique index staff_username_key on staff (lower(username));

-- The built-in operator that headless commands act as (DESIGN §10).
insert into staff (username, display_name, roles, is_system)
values ('system', 'System (command line)', array['CLERK', 'APPROVER', 'OPERATOR', 'ADMIN'], true);

create table audit_log (
    id          bigserial primary key,
    at          timestamptz not null default clock_timestamp(),
    staff_id    bigint      not null references staff (id),
    os_user     text,
    host        text,
    action      text        not null,
    target_type text,
    target_id   text,
    before      jsonb,
    after       jsonb,
    detail      text
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_target_idx on audit_log (target_type, target_id);
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_change();

------------------------------------------------------------------------------
-- Accounts: one per participant plus the system accounts. A participant's
-- account has the participant's id.
------------------------------------------------------------------------------

create table account (
    id        bigserial primary key,
    kind      text          not null check (kind in (
        'PARTICIPANT', 'GATEWAY_CLEARING', 'PLATFORM_FEES', 'REFUNDS_PAYABLE',
        'UNCOLLECTABLE_LOSSES', 'PENDING_TRANSFERS', 'ADJUSTMENTS')),
    -- Cached sum of this account's postings, kept by the posting trigger below.
    committed numeric(14, 2) not null default 0,
    -- Tips received in the open payday, not yet spendable (DESIGN §2 "Pending").
    pending   numeric(14, 2) not null default 0 check (pending >= 0),
    -- Cached sum of the account's open owed items.
    owed      numeric(14, 2) not null default 0 check (owed >= 0),
    constraint participant_committed_not_negative
        check (kind <> 'PARTICIPANT' or committed >= 0)
);
create unique index account_one_per_system_kind on account (kind) where kind <> 'PARTICIPANT';

insert into account (kind) values
    ('GATEWAY_CLEARING'), ('PLATFORM_FEES'), ('REFUNDS_PAYABLE'),
    ('UNCOLLECTABLE_LOSSES'), ('PENDING_TRANSFERS'), ('ADJUSTMENTS');

create table participant (
    id                 bigint primary key references account (id),
    username           text        not null check (username ~ '^[A-Za-z0-9_.-]{1,64}$'),
    display_name       text        not null,
    created_at         timestamptz not null default now(),
    claimed_at         timestamptz,
    review             text        not null default 'UNREVIEWED'
        check (review in ('UNREVIEWED', 'WHITELISTED', 'SUSPICIOUS')),
    card_token         text,
    bank_token         text,
    last_charge_result text,
    last_payout_result text,
    version            bigint      not null default 0
);
create unique index participant_username_key on participant (lower(username));
create index participant_username_prefix_idx on participant (lower(username) text_pattern_ops);
create index participant_username_trgm_idx on participant using gin (lower(username) gin_trgm_ops);
create index participant_display_name_trgm_idx on participant using gin (lower(display_name) gin_trgm_ops);
create index participant_claimed_idx on participant (claimed_at) where claimed_at is not null;

------------------------------------------------------------------------------
-- Tips: history is kept; the latest row per (tipper, tippee) is in force.
------------------------------------------------------------------------------

create table tip (
    id         bigserial primary key,
    tipper_id  bigint         not null references participant (id),
    tippee_id  bigint         not null references participant (id),
    amount     numeric(14, 2) not null check (amount >= 0),
    created_at timestamptz    not null default now(),
    check (tipper_id <> tippee_id)
);
create index tip_pair_idx on tip (tipper_id, tippee_id, created_at desc, id desc);
create index tip_tippee_idx on tip (tippee_id);

------------------------------------------------------------------------------
-- Paydays
------------------------------------------------------------------------------

create table payday (
    id         bigserial primary key,
    ts_start   timestamptz not null,
    ts_end     timestamptz,
    phase      text        not null default 'START'
        check (phase in ('START', 'REFUNDS', 'PAYIN', 'SETTLE', 'PAYOUT', 'CHECKS', 'DONE')),
    forced     boolean     not null default false,
    started_by bigint      not null references staff (id),
    stats      jsonb       not null default '{}',
    version    bigint      not null default 0,
    check ((ts_end is null) = (phase <> 'DONE'))
);
-- At most one open payday, platform-wide.
create unique index payday_one_open on payday ((true)) where ts_end is null;

create table payday_error (
    id              bigserial primary key,
    payday_id       bigint      not null references payday (id),
    participant_id  bigint references participant (id),
    counterparty_id bigint references participant (id),
    phase           text        not null,
    message         text        not null,
    at              timestamptz not null default clock_timestamp()
);
create index payday_error_payday_idx on payday_error (payday_id, id);

------------------------------------------------------------------------------
-- The ledger: append-only, double entry.
------------------------------------------------------------------------------

create table journal_entry (
    id                bigserial primary key,
    kind              text        not null check (kind in (
        'OPENING_BALANCE', 'CHARGE', 'TIP_TRANSFER', 'SETTLE', 'PAYOUT', 'REFUND',
        'PAYMENT_IN', 'CREDIT', 'DEBIT', 'CHARGEBACK', 'REVERSAL')),
    payday_id         bigint references payday (id),
    reverses_entry_id bigint references journal_entry (id),
    staff_id          bigint references staff (id),
    description       text,
    created_at        timestamptz not null default clock_timestamp()
);
create index journal_entry_payday_idx on journal_entry (payday_id) where payday_id is not null;

create table posting (
    id         bigserial primary key,
    entry_id   bigint         not null references journal_entry (id),
    account_id bigint         not null references account (id),
    amount     numeric(14, 2) not null check (amount <> 0)
);
create index posting_entry_idx on posting (entry_id);
create index posting_account_idx on posting (account_id, id);

create trigger posting_append_only before update or delete on posting
    for each row execute function refuse_change();
create trigger posting_no_truncate before truncate on posting
    for each statement execute function refuse_change();
create trigger journal_entry_append_only before update or delete on journal_entry
    for each row execute function refuse_change();
create trigger journal_entry_no_truncate before truncate on journal_entry
    for each statement execute function refuse_change();

-- An entry's postings are written in one statement; after it, every entry the
-- statement touched must sum to zero over at least two postings, and the cached
-- balances move by the same amounts (the participant CHECK on account then refuses
-- any committed balance below zero).
create function posting_after_insert() returns trigger language plpgsql as $$
declare
    unbalanced bigint;
begin
    select e.entry_id into unbalanced
    from (select distinct entry_id from new_postings) e
    join posting p on p.entry_id = e.entry_id
    group by e.entry_id
    having sum(p.amount) <> 0 or count(*) < 2
    limit 1;
    if unbalanced is not null then
        raise exception 'journal entry % does not balance: its postings must sum to zero', unbalanced
            using errcode = 'P0002';
    end if;

    update account a
    set committed = a.committed + s.total
    from (select account_id, sum(amount) as total from new_postings group by account_id) s
    where a.id = s.account_id and s.total <> 0;
    return null;
end
$$;
create trigger posting_balanced after insert on posting
    referencing new table as new_postings
    for each statement execute function posting_after_insert();

------------------------------------------------------------------------------
-- Owed amounts and transfers
------------------------------------------------------------------------------

create table owed_item (
    id                bigserial primary key,
    tip_id            bigint         not null references tip (id),
    tipper_id         bigint         not null references participant (id),
    tippee_id         bigint         not null references participant (id),
    amount            numeric(14, 2) not null check (amount > 0),
    created_payday_id bigint         not null references payday (id),
    created_at        timestamptz    not null default now(),
    status            text           not null default 'OPEN'
        check (status in ('OPEN', 'PAID', 'CANCELLED', 'EXPIRED')),
    closed_payday_id  bigint references payday (id),
    closed_at         timestamptz,
    check ((status = 'OPEN') = (closed_at is null)),
    unique (created_payday_id, tip_id)
);
create index owed_item_open_idx on owed_item (tipper_id, created_at, id) where status = 'OPEN';

create table transfer (
    id           bigserial primary key,
    payday_id    bigint         not null references payday (id),
    tip_id       bigint         not null references tip (id),
    owed_item_id bigint references owed_item (id),
    tipper_id    bigint         not null references participant (id),
    tippee_id    bigint         not null references participant (id),
    amount       numeric(14, 2) not null check (amount > 0),
    entry_id     bigint         not null references journal_entry (id),
    created_at   timestamptz    not null default clock_timestamp()
);
-- Each (payday, tip) is transferred at most once, and each owed item paid at most once.
create unique index transfer_payday_tip_key on transfer (payday_id, tip_id) where owed_item_id is null;
create unique index transfer_owed_item_key on transfer (owed_item_id) where owed_item_id is not null;
create index transfer_tippee_idx on transfer (tippee_id, payday_id);
create index transfer_tipper_idx on transfer (tipper_id, payday_id);

------------------------------------------------------------------------------
-- Gateway exchanges (intent -> call -> record) and the sandbox gateway's own table
------------------------------------------------------------------------------

create table exchange (
    id              bigserial primary key,
    kind            text           not null check (kind in ('CHARGE', 'PAYOUT', 'CARD_REFUND')),
    participant_id  bigint         not null references participant (id),
    payday_id       bigint references payday (id),
    refund_id       bigint,
    amount          numeric(14, 2) not null check (amount > 0),
    fee             numeric(14, 2) not null default 0 check (fee >= 0),
    token           text           not null,
    idempotency_key text           not null unique,
    status          text           not null default 'INTENT'
        check (status in ('INTENT', 'SUCCEEDED', 'FAILED', 'UNKNOWN')),
    gateway_ref     text,
    error           text,
    entry_id        bigint references journal_entry (id),
    created_at      timestamptz    not null default clock_timestamp(),
    updated_at      timestamptz    not null default clock_timestamp()
);
create index exchange_participant_idx on exchange (participant_id, id);
create index exchange_payday_idx on exchange (payday_id, status);
create index exchange_unfinished_idx on exchange (status) where status in ('INTENT', 'UNKNOWN');

create table sandbox_gateway_request (
    id              bigserial primary key,
    idempotency_key text           not null unique,
    operation       text           not null check (operation in ('CHARGE', 'PAYOUT', 'CARD_REFUND')),
    token           text           not null,
    amount          numeric(14, 2) not null check (amount > 0),
    outcome         text           not null check (outcome in ('SUCCEEDED', 'FAILED')),
    message         text,
    reference       text           not null unique,
    processed_at    timestamptz    not null default clock_timestamp()
);

------------------------------------------------------------------------------
-- Queued payments and refunds
------------------------------------------------------------------------------

create table queued_payment (
    id             bigserial primary key,
    kind           text           not null check (kind in ('PAYMENT_IN', 'CREDIT', 'DEBIT', 'CHARGEBACK')),
    participant_id bigint         not null references participant (id),
    amount         numeric(14, 2) not null check (amount > 0),
    reason         text           not null check (length(btrim(reason)) > 0),
    external_ref   text,
    status         text           not null default 'QUEUED'
        check (status in ('QUEUED', 'DONE', 'FAILED', 'CANCELLED')),
    error          text,
    queued_by      bigint         not null references staff (id),
    queued_at      timestamptz    not null default clock_timestamp(),
    processed_at   timestamptz,
    attempts       integer        not null default 0,
    entry_id       bigint references journal_entry (id),
    version        bigint         not null default 0
);
create unique index queued_payment_external_ref_key on queued_payment (external_ref) where external_ref is not null;
create index queued_payment_status_idx on queued_payment (status, id);
create index queued_payment_participant_idx on queued_payment (participant_id, id);

create table refund (
    id             bigserial primary key,
    kind           text           not null check (kind in ('TIP', 'FULL')),
    participant_id bigint         not null references participant (id),
    tippee_id      bigint references participant (id),
    payday_ids     bigint[],
    amount         numeric(14, 2) check (amount is null or amount > 0),
    reason         text           not null check (length(btrim(reason)) > 0),
    status         text           not null default 'REQUESTED'
        check (status in ('REQUESTED', 'APPROVED', 'REJECTED', 'EXECUTED', 'FAILED')),
    requested_by   bigint         not null references staff (id),
    requested_at   timestamptz    not null default clock_timestamp(),
    decided_by     bigint references staff (id),
    decided_at     timestamptz,
    decision_note  text,
    executed_at    timestamptz,
    error          text,
    entry_id       bigint references journal_entry (id),
    version        bigint         not null default 0,
    -- Four eyes: whoever requested a refund can never decide on it.
    constraint refund_four_eyes check (decided_by is null or decided_by <> requested_by),
    check ((kind = 'TIP') = (tippee_id is not null))
);
create index refund_status_idx on refund (status, id);
create index refund_participant_idx on refund (participant_id, id);

alter table exchange add constraint exchange_refund_fk foreign key (refund_id) references refund (id);

------------------------------------------------------------------------------
-- The platform-wide processor lock (DESIGN §4). The lock itself is a PostgreSQL
-- session advisory lock, which a dead holder's connection releases at once; this
-- row says who holds it.
------------------------------------------------------------------------------

create table processor_lock (
    name         text primary key,
    staff_id     bigint references staff (id),
    staff_name   text,
    workstation  text,
    pid          bigint,
    purpose      text,
    started_at   timestamptz,
    heartbeat_at timestamptz
);
insert into processor_lock (name) values ('processor');
