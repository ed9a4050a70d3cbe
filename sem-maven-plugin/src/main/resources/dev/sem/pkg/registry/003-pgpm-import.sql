-- sem package registry, migration 3: taking over a pgpm installation (spec §14.5).

-- Which pgpm rows were imported as which registry rows, so that a re-import adds only what is new.
CREATE TABLE sem_packages.pgpm_import_map (
    kind text NOT NULL CHECK (kind IN ('package', 'event', 'table_script')),
    pgpm_id integer NOT NULL,
    target_id bigint NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, pgpm_id)
);

-- Where a table-script log entry comes from. pgpm logged the file's base name (full deploys) or the path as typed
-- (single-file deploys), without a checksum: such entries have origin 'pgpm' and sha256 ''.
ALTER TABLE sem_packages.table_scripts ADD COLUMN origin text NOT NULL DEFAULT 'sem' CHECK (origin IN ('sem', 'pgpm'));

-- Whether the table script at p_path (relative to the package root, '/'-separated) is logged for the package and
-- schema instance: by its path, or, for entries imported from pgpm, by pgpm's key (the base name or a path suffix).
CREATE FUNCTION sem_packages.table_script_logged(p_package_name text, p_schema_instance bigint, p_path text)
    RETURNS boolean LANGUAGE sql STABLE SET search_path = sem_packages, pg_temp AS $fn$
    SELECT EXISTS (
        SELECT 1 FROM sem_packages.table_scripts AS t
         WHERE t.package_name = p_package_name AND t.schema_instance = p_schema_instance
           AND (t.path = p_path
                OR (t.origin = 'pgpm'
                    AND (t.path = pg_catalog.regexp_replace(p_path, '^.*/', '')
                         OR pg_catalog.right(p_path, pg_catalog.length(t.path) + 1) = '/' || t.path))))
$fn$;

REVOKE ALL ON FUNCTION sem_packages.table_script_logged(text, bigint, text) FROM PUBLIC;
