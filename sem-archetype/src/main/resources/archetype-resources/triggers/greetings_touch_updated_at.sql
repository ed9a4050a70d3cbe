-- Triggers run last, once the tables and the trigger functions exist.

create trigger greetings_touch_updated_at
  before update on greetings
  for each row
  execute function touch_updated_at();
