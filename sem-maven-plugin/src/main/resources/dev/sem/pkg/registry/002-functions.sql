-- sem package registry, migration 2: the server-side functions (pgpm spec §11, §12, §14.2).
-- Every function pins its search_path and qualifies every reference, so a caller's search_path can neither break nor
-- hijack it (pgpm defects 13 and 42). Public API (EXECUTE granted to usage roles): requirement_bounds, satisfies,
-- find_package, search_path_schemas, set_search_path. Everything else is for the tool (and superusers) only.

-- The version requirement grammar of §11 as a half-open interval [lower_bound, upper_bound) of {major, minor, patch};
-- a NULL bound is open. The SQL twin of dev.sem.pkg.Requirement: both pass src/test/resources/dev/sem/pkg/requirements.tsv.
CREATE FUNCTION sem_packages.requirement_bounds(p_requirement text, OUT lower_bound integer[], OUT upper_bound integer[])
    LANGUAGE plpgsql IMMUTABLE SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_m text[];
    l_op text;
    l_parts integer[] := '{}';
    l_given integer := 0;
    l_wildcard boolean := false;
    l_low integer[];
    l_high integer[];
BEGIN
    l_m := pg_catalog.regexp_match(p_requirement,
        '^[ \t\n\r\f\v]*(<=|>=|<|>|=)?[ \t\n\r\f\v]*(?:(x|X|xx|XX|[0-9]{1,9})(?:_(x|X|xx|XX|[0-9]{1,9})(?:_(x|X|xx|XX|[0-9]{1,9}))?)?)?[ \t\n\r\f\v]*$');
    IF l_m IS NULL THEN
        RAISE EXCEPTION 'Invalid version requirement ''%'': write [op]MAJOR[_MINOR[_PATCH]] with op one of = < > <= >= and x for any part, such as >=1_2_0, 1_x or =01_09_00', p_requirement
            USING ERRCODE = '22023';
    END IF;
    l_op := coalesce(l_m[1], '=');
    FOR i IN 1..3 LOOP
        EXIT WHEN l_m[i + 1] IS NULL;
        IF l_m[i + 1] ~ '^[0-9]+$' THEN
            IF l_wildcard THEN
                RAISE EXCEPTION 'Invalid version requirement ''%'': write [op]MAJOR[_MINOR[_PATCH]] with op one of = < > <= >= and x for any part, such as >=1_2_0, 1_x or =01_09_00', p_requirement
                    USING ERRCODE = '22023';
            END IF;
            l_parts := l_parts || (l_m[i + 1])::integer;
            l_given := i;
        ELSE
            l_wildcard := true;
        END IF;
    END LOOP;
    IF l_given = 0 THEN
        IF l_m[1] IS NOT NULL THEN
            RAISE EXCEPTION 'Invalid version requirement ''%'': write [op]MAJOR[_MINOR[_PATCH]] with op one of = < > <= >= and x for any part, such as >=1_2_0, 1_x or =01_09_00', p_requirement
                USING ERRCODE = '22023';
        END IF;
        RETURN;
    END IF;
    l_low := ARRAY[0, 0, 0];
    FOR i IN 1..l_given LOOP
        l_low[i] := l_parts[i];
    END LOOP;
    l_high := l_low;
    l_high[l_given] := l_high[l_given] + 1;
    FOR i IN (l_given + 1)..3 LOOP
        l_high[i] := 0;
    END LOOP;
    IF l_op = '=' THEN
        lower_bound := l_low; upper_bound := l_high;
    ELSIF l_op = '>' THEN
        lower_bound := l_high;
    ELSIF l_op = '>=' THEN
        lower_bound := l_low;
    ELSIF l_op = '<' THEN
        upper_bound := l_low;
    ELSE
        upper_bound := l_high;
    END IF;
END
$fn$;

-- Whether version major.minor.patch satisfies the requirement (numbers only, as in Java).
CREATE FUNCTION sem_packages.satisfies(p_major integer, p_minor integer, p_patch integer, p_requirement text)
    RETURNS boolean LANGUAGE sql IMMUTABLE SET search_path = sem_packages, pg_temp AS $fn$
    SELECT (b.lower_bound IS NULL OR ARRAY[p_major, p_minor, p_patch] >= b.lower_bound)
       AND (b.upper_bound IS NULL OR ARRAY[p_major, p_minor, p_patch] < b.upper_bound)
      FROM sem_packages.requirement_bounds(p_requirement) AS b
$fn$;

-- Resolution: the highest ACTIVE row of the package satisfying the requirement, by the full order (numbers, then a
-- release above its pre-releases, pre-releases as strings). Zero rows when nothing matches.
CREATE FUNCTION sem_packages.find_package(p_name text, p_requirement text)
    RETURNS SETOF sem_packages.packages ROWS 1 LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_b record;
BEGIN
    SELECT * INTO l_b FROM sem_packages.requirement_bounds(p_requirement);
    RETURN QUERY
        SELECT p.* FROM sem_packages.packages AS p
         WHERE p.name = p_name AND p.status = 'active'
           AND (l_b.lower_bound IS NULL OR ARRAY[p.v_major, p.v_minor, p.v_patch] >= l_b.lower_bound)
           AND (l_b.upper_bound IS NULL OR ARRAY[p.v_major, p.v_minor, p.v_patch] < l_b.upper_bound)
         ORDER BY p.v_major DESC, p.v_minor DESC, p.v_patch DESC, (p.v_pre = '') DESC, p.v_pre COLLATE "C" DESC,
                  p.id DESC
         LIMIT 1;
END
$fn$;

-- The current row of the version a dependency link resolved to: the row itself when active; after a moderate
-- redeploy the active row of the same version (basic packages: the active row of the name); a renamed row whose
-- version has no active successor still binds to its own (renamed) schema; NULL when dropped.
CREATE FUNCTION sem_packages.current_package_id(p_id bigint)
    RETURNS bigint LANGUAGE sql STABLE SET search_path = sem_packages, pg_temp AS $fn$
    SELECT CASE
        WHEN p.status = 'active' THEN p.id
        ELSE coalesce(
            (SELECT a.id FROM sem_packages.packages AS a
              WHERE a.status = 'active' AND a.name = p.name
                AND a.v_major = p.v_major AND a.v_minor = p.v_minor AND a.v_patch = p.v_patch AND a.v_pre = p.v_pre
              ORDER BY a.id DESC LIMIT 1),
            (SELECT a.id FROM sem_packages.packages AS a
              WHERE a.status = 'active' AND a.name = p.name AND a.subclass = 'basic' AND p.subclass = 'basic'
              ORDER BY a.id DESC LIMIT 1),
            CASE WHEN p.status = 'renamed' THEN p.id END)
        END
      FROM sem_packages.packages AS p WHERE p.id = p_id
$fn$;

-- Depth-first walk (declaration order) collecting stored schema names, each once.
CREATE FUNCTION sem_packages.collect_schemas(p_id bigint, INOUT p_path text[], INOUT p_visited bigint[])
    LANGUAGE plpgsql STABLE SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_schema text;
    l_dep record;
    l_current bigint;
BEGIN
    IF p_id = ANY (p_visited) THEN
        RETURN;
    END IF;
    p_visited := p_visited || p_id;
    SELECT p.schema_name INTO l_schema FROM sem_packages.packages AS p WHERE p.id = p_id;
    IF l_schema IS NOT NULL AND NOT (l_schema = ANY (p_path)) THEN
        p_path := p_path || l_schema;
    END IF;
    FOR l_dep IN SELECT d.dependency_name, d.resolved_id, d.resolved_version, d.requirement
                   FROM sem_packages.dependencies AS d WHERE d.package_id = p_id ORDER BY d.position LOOP
        l_current := sem_packages.current_package_id(l_dep.resolved_id);
        IF l_current IS NULL THEN
            RAISE EXCEPTION 'Dependency % % (required as %) of a deployed package is no longer deployed',
                l_dep.dependency_name, l_dep.resolved_version, l_dep.requirement
                USING ERRCODE = 'P0002', HINT = 'Redeploy the dependency, or redeploy the package that requires it';
        END IF;
        SELECT c.p_path, c.p_visited INTO p_path, p_visited
          FROM sem_packages.collect_schemas(l_current, p_path, p_visited) AS c;
    END LOOP;
END
$fn$;

-- The schemas of a package row and its dependencies, transitively, depth-first in declaration order, each once.
CREATE FUNCTION sem_packages.search_path_schemas(p_package_id bigint)
    RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sem_packages, pg_temp AS $fn$
    SELECT c.p_path FROM sem_packages.collect_schemas(p_package_id, '{}'::text[], '{}'::bigint[]) AS c
$fn$;

-- Binds the session's search_path to a package version and its dependencies (pgpm's set_search_path, §12), followed
-- by p_tail: a comma-separated list of schemas ('public' in the two-argument form unless the GUC
-- sem.search_path_tail is set; '' for none; an element in double quotes is taken as written).
CREATE FUNCTION sem_packages.set_search_path(p_schema_name text, p_v_req text, p_tail text)
    RETURNS json LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_pkg sem_packages.packages;
    l_names text[];
    l_tail text;
    l_path text;
    l_channel text;
BEGIN
    SELECT * INTO l_pkg FROM sem_packages.find_package(p_schema_name, coalesce(p_v_req, ''));
    IF l_pkg.id IS NULL THEN
        RAISE EXCEPTION 'No deployed version of package % satisfies %', p_schema_name,
            CASE WHEN pg_catalog.btrim(coalesce(p_v_req, '')) = '' THEN 'x (any version)' ELSE p_v_req END
            USING ERRCODE = 'P0002';
    END IF;
    SELECT pg_catalog.array_agg(pg_catalog.quote_ident(s) ORDER BY o) INTO l_names
      FROM pg_catalog.unnest(sem_packages.search_path_schemas(l_pkg.id)) WITH ORDINALITY AS u(s, o);
    FOR l_tail IN SELECT pg_catalog.btrim(t) FROM pg_catalog.unnest(pg_catalog.string_to_array(coalesce(p_tail, ''), ',')) AS t LOOP
        CONTINUE WHEN l_tail = '';
        l_names := pg_catalog.array_append(l_names,
            CASE WHEN l_tail LIKE '"%' THEN l_tail ELSE pg_catalog.quote_ident(l_tail) END);
    END LOOP;
    l_path := pg_catalog.array_to_string(coalesce(l_names, '{}'::text[]), ', ');
    -- LISTEN is refused on a hot standby: there the binding still works, without notifications.
    IF NOT pg_catalog.pg_is_in_recovery() THEN
        EXECUTE pg_catalog.format('LISTEN %I', 'sem_package_events');
        l_channel := 'deployment_events$$' || l_pkg.name;
        IF pg_catalog.octet_length(l_channel) <= 63 THEN
            EXECUTE pg_catalog.format('LISTEN %I', l_channel);
        END IF;
    END IF;
    RAISE INFO '%', l_path;
    PERFORM pg_catalog.set_config('search_path', l_path, false);
    RETURN pg_catalog.json_build_object('pkg_id', l_pkg.id, 'pkg_name', l_pkg.name, 'pkg_v_major', l_pkg.v_major,
        'pkg_v_minor', l_pkg.v_minor, 'pkg_v_patch', l_pkg.v_patch, 'schema', l_pkg.schema_name);
END
$fn$;

-- pgpm's signature: the tail is the GUC sem.search_path_tail when set, else public.
CREATE FUNCTION sem_packages.set_search_path(p_schema_name text, p_v_req text)
    RETURNS json LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = sem_packages, pg_temp AS $fn$
    SELECT sem_packages.set_search_path(p_schema_name, p_v_req,
        coalesce(nullif(pg_catalog.current_setting('sem.search_path_tail', true), ''), 'public'))
$fn$;

-- The schema an object lives in (views and rules, triggers, defaults and constraints count as their table's).
CREATE FUNCTION sem_packages.object_schema(p_classid oid, p_objid oid)
    RETURNS name LANGUAGE sql STABLE SET search_path = sem_packages, pg_temp AS $fn$
    SELECT n.nspname FROM pg_catalog.pg_namespace AS n WHERE n.oid = CASE p_classid
        WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = p_objid)
        WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT pronamespace FROM pg_catalog.pg_proc WHERE oid = p_objid)
        WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT typnamespace FROM pg_catalog.pg_type WHERE oid = p_objid)
        WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN (SELECT connamespace FROM pg_catalog.pg_constraint WHERE oid = p_objid)
        WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_rewrite AS r
            JOIN pg_catalog.pg_class AS c ON c.oid = r.ev_class WHERE r.oid = p_objid)
        WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_trigger AS t
            JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid WHERE t.oid = p_objid)
        WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_attrdef AS d
            JOIN pg_catalog.pg_class AS c ON c.oid = d.adrelid WHERE d.oid = p_objid)
        WHEN 'pg_catalog.pg_operator'::pg_catalog.regclass THEN (SELECT oprnamespace FROM pg_catalog.pg_operator WHERE oid = p_objid)
        WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN p_objid
        ELSE (SELECT n2.oid FROM pg_catalog.pg_namespace AS n2
               WHERE n2.nspname = (pg_catalog.pg_identify_object(p_classid, p_objid, 0)).schema)
    END
$fn$;

-- Why a schema cannot be dropped safely (pgpm's drop_schema_smart checks): empty when it can. The schema must exist.
CREATE FUNCTION sem_packages.drop_schema_problems(p_schema_name text, p_allow_tables boolean DEFAULT false)
    RETURNS text[] LANGUAGE plpgsql STABLE SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_problems text[] := '{}';
    l_list text;
BEGIN
    IF NOT p_allow_tables THEN
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c.relname), ', ' ORDER BY c.relname) INTO l_list
          FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
         WHERE n.nspname = p_schema_name AND c.relkind IN ('r', 'p', 'f');
        IF l_list IS NOT NULL THEN
            l_problems := l_problems || pg_catalog.format('schema %I contains tables: %s', p_schema_name, l_list);
        END IF;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('pid %s (%s)', a.pid, a.usename), ', ' ORDER BY a.pid) INTO l_list
      FROM pg_catalog.pg_stat_activity AS a
     WHERE a.pid <> pg_catalog.pg_backend_pid() AND a.datname = pg_catalog.current_database()
       AND (pg_catalog.strpos(a.query, p_schema_name || '.') > 0
            OR pg_catalog.strpos(a.query, pg_catalog.quote_ident(p_schema_name) || '.') > 0);
    IF l_list IS NOT NULL THEN
        l_problems := l_problems || pg_catalog.format('schema %I is in use by the queries of %s', p_schema_name, l_list);
    END IF;
    SELECT pg_catalog.string_agg(DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), ', ') INTO l_list
      FROM pg_catalog.pg_depend AS d
     WHERE d.deptype = 'n'
       AND sem_packages.object_schema(d.refclassid, d.refobjid) = p_schema_name
       AND d.refclassid <> 'pg_catalog.pg_namespace'::pg_catalog.regclass
       AND sem_packages.object_schema(d.classid, d.objid) IS DISTINCT FROM p_schema_name;
    IF l_list IS NOT NULL THEN
        l_problems := l_problems || pg_catalog.format('objects outside schema %I depend on it: %s', p_schema_name, l_list);
    END IF;
    RETURN l_problems;
END
$fn$;

-- pgpm's drop_schema_smart: drops an outdated schema only if it exists, holds no tables, no query mentions it and
-- nothing outside depends on it. A dry run (the default) only reports. Strict: a missing schema is an error.
CREATE FUNCTION sem_packages.drop_schema_smart(p_schema_name text, p_dry_run boolean DEFAULT true,
        p_strict boolean DEFAULT false)
    RETURNS void LANGUAGE plpgsql VOLATILE SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_problems text[];
BEGIN
    RAISE NOTICE 'Checking that schema % exists', p_schema_name;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = p_schema_name) THEN
        IF p_strict THEN
            RAISE EXCEPTION 'Schema % does not exist', p_schema_name USING ERRCODE = '3F000';
        END IF;
        RAISE WARNING 'Schema % does not exist', p_schema_name;
        RETURN;
    END IF;
    RAISE NOTICE 'Checking for tables, queries using schema % and objects outside it that depend on it', p_schema_name;
    l_problems := sem_packages.drop_schema_problems(p_schema_name, false);
    IF pg_catalog.cardinality(l_problems) > 0 THEN
        RAISE EXCEPTION 'Schema % cannot be dropped safely: %', p_schema_name, pg_catalog.array_to_string(l_problems, '; ')
            USING ERRCODE = '2BP01';
    END IF;
    IF p_dry_run THEN
        RAISE NOTICE 'THIS IS THE DRY RUN. TO DROP SCHEMA % PASS FALSE TO DRY RUN PARAMETER', p_schema_name;
    ELSE
        RAISE NOTICE 'Dropping schema % cascading...', p_schema_name;
        EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', p_schema_name);
        RAISE NOTICE 'Dropped schema %', p_schema_name;
    END IF;
END
$fn$;

-- Notifies an event: the fixed channel sem_package_events with the JSON payload {package, version, schema, event,
-- event_id}, and pgpm's legacy channel deployment_events$$<name> with M_m_p when that name fits 63 bytes.
CREATE FUNCTION sem_packages.notify_event(p_event_id bigint)
    RETURNS void LANGUAGE plpgsql VOLATILE SET search_path = sem_packages, pg_temp AS $fn$
DECLARE
    l_r record;
    l_channel text;
BEGIN
    SELECT e.id, e.event, p.name, p.version_text, p.v_major, p.v_minor, p.v_patch, p.schema_name INTO l_r
      FROM sem_packages.events AS e JOIN sem_packages.packages AS p ON p.id = e.package_id WHERE e.id = p_event_id;
    IF l_r.id IS NULL THEN
        RAISE EXCEPTION 'No package event %', p_event_id USING ERRCODE = 'P0002';
    END IF;
    PERFORM pg_catalog.pg_notify('sem_package_events', pg_catalog.json_build_object('package', l_r.name,
        'version', l_r.version_text, 'schema', l_r.schema_name, 'event', l_r.event, 'event_id', l_r.id)::text);
    l_channel := 'deployment_events$$' || l_r.name;
    IF pg_catalog.octet_length(l_channel) <= 63 THEN
        PERFORM pg_catalog.pg_notify(l_channel, l_r.v_major || '_' || l_r.v_minor || '_' || l_r.v_patch);
    END IF;
END
$fn$;

-- Only the public API is callable by usage roles (granted by install --usage); PUBLIC gets nothing.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sem_packages FROM PUBLIC;
