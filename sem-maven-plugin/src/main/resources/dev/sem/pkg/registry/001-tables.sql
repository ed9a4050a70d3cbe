-- sem package registry, migration 1: the tables (pgpm spec §14.5). Run once, in the registry transaction.
CREATE SCHEMA sem_packages;
COMMENT ON SCHEMA sem_packages IS 'Registry of packages deployed by sem (dev.sem:sem-maven-plugin)';

-- The registry's own migrations.
CREATE TABLE sem_packages.migrations (
    version integer PRIMARY KEY,
    description text NOT NULL,
    tool_version text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per deployed package version or revision. The exact schema name is stored, never derived again.
-- status: 'active' (current), 'renamed' (revision N of a moderate deploy, schema_name is then <schema>_<N>),
-- 'dropped' (removed). v_pre is '' when the version has no pre-release (a non-null sentinel, so that the unique
-- indexes below really hold on every PostgreSQL major).
-- schema_instance changes whenever the package schema is (re)created: table scripts of SCHEMA scope run once per
-- instance (§10).
CREATE TABLE sem_packages.packages (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    subclass text NOT NULL CHECK (subclass IN ('versioned', 'basic')),
    scope text NOT NULL CHECK (scope IN ('SCHEMA', 'DATABASE')),
    version_text text NOT NULL,
    v_major integer NOT NULL,
    v_minor integer NOT NULL,
    v_patch integer NOT NULL,
    v_pre text NOT NULL DEFAULT '',
    schema_name text,
    schema_instance bigint NOT NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'renamed', 'dropped')),
    revision integer,
    description text,
    license text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'renamed') = (revision IS NOT NULL)),
    CHECK ((scope = 'SCHEMA') = (schema_name IS NOT NULL))
);
CREATE SEQUENCE sem_packages.schema_instances;
-- One active row per package version; one active row per basic package; one live row per schema.
CREATE UNIQUE INDEX packages_active_version ON sem_packages.packages (name, v_major, v_minor, v_patch, v_pre)
    WHERE status = 'active';
CREATE UNIQUE INDEX packages_active_basic ON sem_packages.packages (name)
    WHERE status = 'active' AND subclass = 'basic';
CREATE UNIQUE INDEX packages_live_schema ON sem_packages.packages (schema_name)
    WHERE status <> 'dropped' AND schema_name IS NOT NULL;

-- Dependency links: the requirement as declared and what it resolved to when the package was deployed.
CREATE TABLE sem_packages.dependencies (
    package_id bigint NOT NULL REFERENCES sem_packages.packages (id) ON DELETE CASCADE,
    position integer NOT NULL,
    dependency_name text NOT NULL,
    requirement text NOT NULL,
    resolved_id bigint NOT NULL REFERENCES sem_packages.packages (id),
    resolved_version text NOT NULL,
    PRIMARY KEY (package_id, position),
    CHECK (package_id <> resolved_id)
);

-- Deployment events: one per deploy, rename, drop, import.
CREATE TABLE sem_packages.events (
    id bigserial PRIMARY KEY,
    package_id bigint REFERENCES sem_packages.packages (id),
    event text NOT NULL CHECK (event IN ('deploy', 'rename', 'drop', 'import')),
    mode text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    txid bigint NOT NULL DEFAULT txid_current(),
    session_user_name text NOT NULL DEFAULT session_user,
    tool_version text NOT NULL,
    target text,
    vcs_ref text,
    vcs_link text,
    issue_ref text,
    issue_link text,
    files jsonb NOT NULL DEFAULT '[]'::jsonb,
    outcome text NOT NULL DEFAULT 'success'
);

-- Table scripts run: once per schema instance (SCHEMA scope) or once per package (DATABASE scope: instance 0).
CREATE TABLE sem_packages.table_scripts (
    id bigserial PRIMARY KEY,
    package_name text NOT NULL,
    schema_instance bigint NOT NULL,
    path text NOT NULL,
    sha256 text NOT NULL,
    package_id bigint REFERENCES sem_packages.packages (id),
    event_id bigint REFERENCES sem_packages.events (id),
    executed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (package_name, schema_instance, path)
);
