-- Test fixture: a database that pgpm 0.1.62 manages. The _pgpm tables have the shape of 0.1.62 (spec §14.1: the
-- original tables plus the 0.1.x migrations), with rows for versioned packages (zero-padded and not), a basic package,
-- renamed revisions, dependencies, deployment events and the table-evolution log, and the matching schemas.
-- set_search_path below is a stand-in written for this fixture that behaves like pgpm's (name_M_m_p from integers,
-- direct dependencies, LISTEN, session-level search_path, the resolved row as JSON).
CREATE SCHEMA _pgpm;
CREATE TABLE _pgpm.package_subclasses (
    pkg_sc_id serial PRIMARY KEY,
    pkg_sc_name character varying(255),
    pkg_sc_created timestamp DEFAULT now(),
    pkg_sc_last_modified timestamp DEFAULT now()
);
INSERT INTO _pgpm.package_subclasses (pkg_sc_name) VALUES ('versioned'), ('basic');
CREATE TABLE _pgpm.package_statuses (pkg_s_id serial PRIMARY KEY, pkg_s_name text);
INSERT INTO _pgpm.package_statuses VALUES (1, 'ADDED'), (2, 'IN PROGRESS'), (3, 'DELETED');
CREATE TABLE _pgpm.packages (
    pkg_id serial PRIMARY KEY,
    pkg_name character varying(255),
    pkg_description text,
    pkg_v_major integer,
    pkg_v_minor integer,
    pkg_v_patch integer,
    pkg_v_pre character varying(255),
    pkg_v_metadata character varying(255),
    pkg_old_rev integer,
    pkg_subclass integer REFERENCES _pgpm.package_subclasses (pkg_sc_id),
    pkg_license text,
    pkg_created timestamp DEFAULT now(),
    pkg_last_modified timestamp DEFAULT statement_timestamp(),
    pkg_status integer DEFAULT 1 REFERENCES _pgpm.package_statuses (pkg_s_id),
    CONSTRAINT pkg_unique UNIQUE (pkg_name, pkg_v_major, pkg_v_minor, pkg_v_patch, pkg_v_pre, pkg_old_rev)
);
CREATE TABLE _pgpm.package_dependencies (
    pkg_link_core_id integer NOT NULL REFERENCES _pgpm.packages (pkg_id),
    pkg_link_dep_id integer NOT NULL REFERENCES _pgpm.packages (pkg_id) CHECK (pkg_link_core_id <> pkg_link_dep_id),
    PRIMARY KEY (pkg_link_core_id, pkg_link_dep_id)
);
CREATE TABLE _pgpm.deployment_events (
    dpl_ev_id serial PRIMARY KEY,
    dpl_ev_pkg_id integer REFERENCES _pgpm.packages (pkg_id),
    dpl_ev_vcs_ref text,
    dpl_ev_vcs_link text,
    dpl_ev_issue_id text,
    dpl_ev_issue_link text,
    dpl_ev_time timestamp DEFAULT now(),
    dpl_ev_txid bigint
);
CREATE TABLE _pgpm.table_evolutions_log (
    t_evo_id serial PRIMARY KEY,
    t_evo_file_name text,
    t_evo_package integer REFERENCES _pgpm.packages (pkg_id),
    t_evo_created timestamp DEFAULT now()
);
CREATE TABLE _pgpm.migrations_log (
    m_id serial PRIMARY KEY,
    m_low_v text,
    m_high_v text,
    m_created timestamp DEFAULT now()
);
CREATE TABLE _pgpm.ddl_changes_log (
    ddl_change_id serial PRIMARY KEY,
    ddl_change_user name DEFAULT session_user,
    ddl_change text,
    ddl_change_txid bigint,
    ddl_change_created timestamp DEFAULT now()
);
INSERT INTO _pgpm.migrations_log (m_low_v, m_high_v) VALUES ('0.1.34', '0.1.59');

-- 1: pgpm itself; 2: api 01_09_00 (zero-padded); 3: low 0_5_0; 4: util (basic, current, 2.1.0);
-- 5: util revision 0 (1.0.0); 6: api 01_09_00 revision 0; 7: ghost 1.0.0 (no schema); 8: mid 1_0_0.
INSERT INTO _pgpm.packages (pkg_name, pkg_description, pkg_v_major, pkg_v_minor, pkg_v_patch, pkg_old_rev,
        pkg_subclass, pkg_license) VALUES
    ('_pgpm', 'Package manager for Postgres', 0, 1, 62, NULL, 2, 'MIT'),
    ('api', 'The API', 1, 9, 0, NULL, 1, NULL),
    ('low', 'Low level', 0, 5, 0, NULL, 1, NULL),
    ('util', 'Utilities', 2, 1, 0, NULL, 2, 'MIT'),
    ('util', 'Utilities', 1, 0, 0, 0, 2, 'MIT'),
    ('api', 'The API', 1, 9, 0, 0, 1, NULL),
    ('ghost', 'Schema gone', 1, 0, 0, NULL, 1, NULL),
    ('mid', 'Middle', 1, 0, 0, NULL, 1, NULL);
INSERT INTO _pgpm.package_dependencies VALUES (2, 3), (2, 4), (2, 7), (8, 3);
INSERT INTO _pgpm.deployment_events (dpl_ev_pkg_id, dpl_ev_vcs_ref, dpl_ev_vcs_link, dpl_ev_issue_id, dpl_ev_time,
        dpl_ev_txid) VALUES
    (3, 'c0ffee1', 'https://git.example/low', 'OPS-1', '2016-05-01 10:00', 1001),
    (6, 'abc0001', NULL, NULL, '2016-06-01 10:00', 1002),
    (6, 'abc0002', NULL, NULL, '2016-06-02 10:00', 1003),
    (2, 'abc0003', NULL, 'OPS-7', '2016-06-03 10:00', 1004),
    (5, 'def0001', NULL, NULL, '2016-01-01 10:00', 900),
    (4, 'def0002', NULL, NULL, '2016-07-01 10:00', 1005),
    (7, 'dead001', NULL, NULL, '2016-02-01 10:00', 950),
    (8, 'mid0001', NULL, NULL, '2016-08-01 10:00', 1006);
INSERT INTO _pgpm.table_evolutions_log (t_evo_file_name, t_evo_package, t_evo_created) VALUES
    ('001_create.sql', 4, '2016-07-01 10:00'),
    ('002_fill.sql', 4, '2016-07-01 10:00'),
    ('001_create.sql', 5, '2016-01-01 10:00'),
    ('t/003.sql', 2, '2016-06-03 10:00'),
    ('001_ghost.sql', 7, '2016-02-01 10:00');

CREATE SCHEMA api_01_09_00;
CREATE FUNCTION api_01_09_00.whoami() RETURNS text LANGUAGE sql AS $$ SELECT 'api_01_09_00'::text $$;
CREATE SCHEMA api_01_09_00_0;
CREATE FUNCTION api_01_09_00_0.whoami() RETURNS text LANGUAGE sql AS $$ SELECT 'api_01_09_00_0'::text $$;
CREATE SCHEMA low_0_5_0;
CREATE FUNCTION low_0_5_0.low_fn() RETURNS text LANGUAGE sql AS $$ SELECT 'low 0.5.0'::text $$;
CREATE SCHEMA util;
CREATE TABLE util.settings (k text PRIMARY KEY, v text);
CREATE SCHEMA util_0;
CREATE SCHEMA mid_1_0_0;
CREATE FUNCTION mid_1_0_0.call_low() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'mid 1.0.0 -> ' || low_fn(); END $$;

-- Stand-in for pgpm's set_search_path (see the header).
CREATE FUNCTION _pgpm.set_search_path(p_schema_name text, p_v_req text) RETURNS json
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER AS $fn$
DECLARE
    l_row record;
    l_deps text;
    l_path text;
BEGIN
    SELECT pkg_id, pkg_name, pkg_v_major, pkg_v_minor, pkg_v_patch INTO l_row
      FROM _pgpm.packages WHERE pkg_name = p_schema_name AND pkg_old_rev IS NULL
     ORDER BY pkg_v_major DESC, pkg_v_minor DESC, pkg_v_patch DESC LIMIT 1;
    SELECT string_agg(p.pkg_name || '_' || p.pkg_v_major || '_' || p.pkg_v_minor || '_' || p.pkg_v_patch, ', ')
      INTO l_deps
      FROM _pgpm.package_dependencies d JOIN _pgpm.packages p ON p.pkg_id = d.pkg_link_dep_id
     WHERE d.pkg_link_core_id = l_row.pkg_id;
    l_path := l_row.pkg_name || '_' || l_row.pkg_v_major || '_' || l_row.pkg_v_minor || '_' || l_row.pkg_v_patch
        || ', ' || l_deps;
    EXECUTE 'LISTEN deployment_events$$' || l_row.pkg_name;
    RAISE INFO '%', l_path;
    PERFORM set_config('search_path', l_path || ', public', false);
    RETURN row_to_json(l_row);
END $fn$;
