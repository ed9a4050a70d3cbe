-- Views run after the functions and are re-created by every deploy: write them with CREATE OR REPLACE.

create or replace view greeting_examples as
select language, format(template, 'world') as example
from greetings;
