-- External references of queued payments are unique regardless of case ('chq-1' after 'CHQ-1' is
-- the same cheque). Rows queued before this version that already differ only by case are left as
-- they are (the index covers the rows after them), so the upgrade never fails on old data.
do $$
declare
    clash_below bigint;
begin
    select max(q.id) + 1 into clash_below
    from queued_payment q
    where q.external_ref is not null
      and exists (select 1 from queued_payment o
                  where o.id <> q.id and o.external_ref is not null
                    and lower(o.external_ref) = lower(q.external_ref));
    if clash_below is null then
        create unique index queued_payment_external_ref_ci_key on queued_payment (lower(external_ref))
            where external_ref is not null;
    else
        raise notice 'queued payments below id % keep external references that differ only by case', clash_below;
        execute format('create unique index queued_payment_external_ref_ci_key on queued_payment (lower(external_ref))'
                       ' where external_ref is not null and id >= %s', clash_below);
    end if;
end
$$;

-- Finding a probable duplicate (same caller, participant, kind, amount, recently) is an index look-up.
create index queued_payment_recent_idx on queued_payment (participant_id, queued_at desc);
