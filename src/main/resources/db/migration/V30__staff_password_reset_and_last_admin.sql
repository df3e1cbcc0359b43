-- Staff administration (issue 10 §1): a reset password must be changed at the next sign-in, and
-- the installation always keeps at least one enabled ADMIN (besides the built-in system operator).

alter table staff add column must_change_password boolean not null default false;

-- An update that leaves no enabled, non-system ADMIN is refused. The service checks first and
-- says why in its own words; this is the rule for anything that reaches the table another way.
-- The advisory lock serialises such updates, so two admins disabling each other cannot both pass.
create function staff_keep_an_admin() returns trigger language plpgsql as $$
begin
    if old.is_system or old.disabled or not ('ADMIN' = any (old.roles)) then
        return new;
    end if;
    if not new.disabled and 'ADMIN' = any (new.roles) then
        return new;
    end if;
    perform pg_advisory_xact_lock(5792637342383187558);
    if not exists (select 1 from staff s where s.id <> old.id and not s.is_system and not s.disabled
                   and 'ADMIN' = any (s.roles)) then
        raise exception '% is the last enabled ADMIN and must stay one', old.username using errcode = 'P0001';
    end if;
    return new;
end
$$;

create trigger staff_keep_an_admin before update of disabled, roles on staff
    for each row execute function staff_keep_an_admin();
