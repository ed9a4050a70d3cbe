-- The first upgrade script of this schema repository: an example. Change it into your first real change,
-- or delete it, before it is applied anywhere. Once a script has been applied to a database, never edit,
-- rename or delete it: add a new script instead (./mvnw sem:add -Dsem.description="what it does").
--
-- sem applies every scripts/yyyyMMdd-HHmmss.sql exactly once, in name order, each in one transaction.

create table if not exists example (
  id bigint generated always as identity primary key,
  name text not null check (length(name) <= 200),
  created_at timestamptz not null default now()
);
