-- The light or dark theme each staff member chose in the desktop client; it follows them to any workstation.
alter table staff add column appearance text not null default 'LIGHT' check (appearance in ('LIGHT', 'DARK'));
