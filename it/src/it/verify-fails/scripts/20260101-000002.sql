-- Inserts a row into a table that does not exist.
insert into customer (id, name)
  select id, name
    from missing_customers;
