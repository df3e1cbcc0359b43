-- Fencing of the serial processor (DESIGN §4) and four eyes on refunds (DESIGN §5), in the database.

------------------------------------------------------------------------------
-- Fencing. Each acquisition of the processor takes the next token. Every transaction the holder
-- commits first calls processor_fence(its token): that takes a shared transaction-level advisory
-- lock on the fence key, so a new holder, which takes the key exclusively before it moves the
-- token on, waits for (or ends) the old holder's transactions in flight; and it refuses the
-- transaction once the token has moved on. An evicted holder's next commit therefore fails.
------------------------------------------------------------------------------

alter table processor_lock add column token bigint not null default 0;

-- The fence's advisory lock key ('PayFence'); the processor's own lock key is another.
create function processor_fence_key() returns bigint language sql immutable as $$
    select 5792637342383187557::bigint
$$;

create function processor_fence(expected bigint) returns void language plpgsql volatile as $$
declare
    current_token bigint;
    holder        text;
begin
    perform pg_advisory_xact_lock_shared(processor_fence_key());
    -- A statement of its own, so it reads the token as it is once the lock is granted.
    select token, coalesce(staff_name, 'nobody') || ' on ' || coalesce(workstation, 'no workstation')
      into current_token, holder
      from processor_lock where name = 'processor';
    if current_token is distinct from expected then
        raise exception 'lost the processor to %', holder using errcode = 'PD001';
    end if;
end
$$;

------------------------------------------------------------------------------
-- Four eyes: a decided refund names a decider who is not the requester, not the system operator,
-- an enabled APPROVER; only an approved refund is executed (or fails); a decision is final.
------------------------------------------------------------------------------

-- (refund_four_eyes, from V1, keeps the decider apart from the requester.)
alter table refund add constraint refund_status_needs_decider check (
    status = 'REQUESTED' or (decided_by is not null and decided_at is not null));

create function refund_four_eyes() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.status <> 'REQUESTED' or new.decided_by is not null then
            raise exception 'a refund is created as REQUESTED, undecided' using errcode = 'PD002';
        end if;
        return new;
    end if;
    if new.requested_by <> old.requested_by or new.participant_id <> old.participant_id or new.kind <> old.kind
            or new.tippee_id is distinct from old.tippee_id or new.payday_ids is distinct from old.payday_ids then
        raise exception 'refund #%: who requested it and what it refunds cannot change', old.id using errcode = 'PD002';
    end if;
    if old.status <> 'REQUESTED' and (new.decided_by is distinct from old.decided_by
            or new.decided_at is distinct from old.decided_at or new.decision_note is distinct from old.decision_note) then
        raise exception 'refund #%: the decision on it is final', old.id using errcode = 'PD002';
    end if;
    if new.status is distinct from old.status then
        if not ((old.status = 'REQUESTED' and new.status in ('APPROVED', 'REJECTED'))
                or (old.status = 'APPROVED' and new.status in ('EXECUTED', 'FAILED'))) then
            raise exception 'refund #%: % cannot become %', old.id, old.status, new.status using errcode = 'PD002';
        end if;
        if old.status = 'REQUESTED' and not exists (select 1 from staff s where s.id = new.decided_by
                and not s.is_system and not s.disabled and 'APPROVER' = any (s.roles)) then
            raise exception 'refund #%: only an enabled approver other than the requester may decide on it', old.id
                using errcode = 'PD002';
        end if;
    end if;
    return new;
end
$$;

create trigger refund_four_eyes before insert or update on refund
    for each row execute function refund_four_eyes();
