-- Types of the package: composite types, enums and domains only (CREATE TYPE, CREATE DOMAIN). sem runs them first,
-- ordered by the types they reference, so files and statements may come in any order. A type cannot be replaced:
-- a redeploy into a new schema creates it again.
--
-- Names are never schema-qualified: the deploy sets search_path to the package's schema.

create type greeting as (
  language text,
  message text
);
