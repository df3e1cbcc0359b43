-- Who takes part in a payday and which tips count, defined once (DESIGN §3, §6.3, §6.5) for the
-- payday's snapshot, its pay-in and pay-out, and the preview. Plain SQL functions: PostgreSQL
-- inlines them into the statements that call them, so they cost what the written-out conditions
-- cost and the planner still sees every column.

-- A member of the payday with this cut-off: claimed by then and not suspicious; such a participant
-- may tip and receive in it. For "now" rather than a cut-off, pass 'infinity'.
create function payday_member(claimed_at timestamptz, review text, cut_off timestamptz) returns boolean
    language sql immutable parallel safe
    return claimed_at <= cut_off and review <> 'SUSPICIOUS';

-- The tips in force at a moment: the latest row per (tipper, tippee) created by then; amount 0
-- means cancelled.
create function tips_in_force(at_time timestamptz)
    returns table (id bigint, tipper_id bigint, tippee_id bigint, amount numeric, created_at timestamptz)
    language sql stable parallel safe
as $$
    select distinct on (t.tipper_id, t.tippee_id) t.id, t.tipper_id, t.tippee_id, t.amount, t.created_at
    from tip t
    where t.created_at <= at_time
    order by t.tipper_id, t.tippee_id, t.created_at desc, t.id desc
$$;

-- The tips due in the payday with this cut-off: in force then, not cancelled, and both sides members.
create function tips_due(cut_off timestamptz)
    returns table (id bigint, tipper_id bigint, tippee_id bigint, amount numeric, created_at timestamptz)
    language sql stable parallel safe
as $$
    select t.id, t.tipper_id, t.tippee_id, t.amount, t.created_at
    from tips_in_force(cut_off) t
    join participant er on er.id = t.tipper_id
    join participant ee on ee.id = t.tippee_id
    where t.amount > 0
      and payday_member(er.claimed_at, er.review, cut_off)
      and payday_member(ee.claimed_at, ee.review, cut_off)
$$;
