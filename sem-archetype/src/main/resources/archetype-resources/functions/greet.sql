-- The package's API: applications call greet('world') after binding with sem_packages.set_search_path.
-- Functions are re-created by every deploy, in file order; write them with CREATE OR REPLACE.

create or replace function greet(name text, lang text default 'en') returns greeting
  language sql
  stable
as $$
  select row(g.language, format(g.template, greet.name))::greeting
  from greetings g
  where g.language = greet.lang
$$;
