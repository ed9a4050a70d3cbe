-- Table scripts run once per schema instance, in natural order (9 before 10), before the functions: a new version
-- of the package gets a new schema and runs them again there. Keep data that must outlive a version elsewhere.

create table if not exists greetings (
  language text primary key check (language ~ '^[a-z]{2}$'),
  template text not null check (position('%s' in template) > 0),
  updated_at timestamptz not null default now()
);

insert into greetings (language, template) values
  ('en', 'Hello, %s!'),
  ('de', 'Hallo, %s!'),
  ('fr', 'Bonjour, %s !')
on conflict (language) do nothing;
