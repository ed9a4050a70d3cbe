-- A trigger function: it belongs with the functions; the trigger that uses it is in triggers/.

create or replace function touch_updated_at() returns trigger
  language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
