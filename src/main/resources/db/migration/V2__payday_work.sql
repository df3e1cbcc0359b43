-- A payday's snapshot, taken once at its start so that a resumed run sees exactly what the
-- interrupted one saw: the tips due at the cut-off and the order tippers are processed in.
-- Emptied when the payday closes (at most one payday is open).

create table payday_due_tip (
    payday_id      bigint         not null references payday (id),
    tip_id         bigint         not null,
    tipper_id      bigint         not null,
    tippee_id      bigint         not null,
    amount         numeric(14, 2) not null check (amount > 0),
    tip_created_at timestamptz    not null,
    primary key (payday_id, tip_id)
);
create index payday_due_tip_tipper_idx on payday_due_tip (payday_id, tipper_id);

create table payday_tipper (
    payday_id bigint not null references payday (id),
    seq       bigint not null,
    tipper_id bigint not null,
    primary key (payday_id, seq)
);

-- Where the current phase has got to (a tipper seq in pay-in, a participant id in pay-out).
alter table payday add column cursor bigint not null default 0;
-- Seconds spent per phase, summed over every run of this payday.
alter table payday add column phase_seconds jsonb not null default '{}';

-- The sandbox gateway's simulated latency per call, in milliseconds.
insert into setting (key, value) values ('gateway.sandbox_latency_ms', '0');
