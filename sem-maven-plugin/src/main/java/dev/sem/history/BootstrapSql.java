package dev.sem.history;

import java.util.List;

/**
 * The SQL of the bootstrap entries. Every text here is a constant of this class: nothing is built from user input.
 *
 * <p>The upstream entries create objects identical to those of sem (Ruby) 0.9.58 (names, types, nullability,
 * defaults, constraint names and comment texts), but are written to be idempotent, leave no helper function behind
 * and never change {@code search_path}: every name is schema-qualified.
 */
final class BootstrapSql {

    private BootstrapSql() {}

    /** Table comments, byte for byte as sem (Ruby) writes them, so that both tools leave the same catalog. */
    static final String SCRIPTS_COMMENT = "\n      When a script is applied to this database, the script is recorded\n"
            + "      here. This table is the used to ensure scripts are applied at most\n"
            + "      once to this database.\n    ";

    static final String BOOTSTRAP_SCRIPTS_COMMENT =
            "\n      Internal list of schema_evolution_manager sql scripts applied. Used only for upgrades\n"
                    + "      to schema_evolution_manager itself.\n    ";

    static final String VERSIONS_COMMENT = "Records the released repository version applied to this database."
            + " Latest row (max id) is the deployed schema version.";

    /** The 12 helper functions of spec §3.3, in the order sem (Ruby) creates them. */
    static final List<String> HELPER_FUNCTIONS = List.of(
            "create_basic_audit_data",
            "create_basic_created_audit_data",
            "create_basic_deleted_audit_data",
            "create_basic_updated_audit_data",
            "prevent_delete",
            "prevent_immediate_delete",
            "create_updated_at_trigger",
            "set_updated_at_trigger_function",
            "create_prevent_immediate_delete_trigger",
            "create_prevent_update_trigger",
            "create_prevent_delete_trigger",
            "prevent_update");

    static final String SCHEMA_AND_TABLES = """
            -- schema_evolution_manager schema with the scripts and bootstrap_scripts tables
            -- (equivalent to sem (Ruby) 20130318-105434.sql, idempotent)
            CREATE SCHEMA IF NOT EXISTS schema_evolution_manager;

            DO $sem$
            BEGIN
              IF to_regclass('schema_evolution_manager.scripts') IS NULL THEN
                CREATE TABLE schema_evolution_manager.scripts (
                  id           bigserial,
                  filename     varchar(100) NOT NULL,
                  created_at   timestamp with time zone DEFAULT now() NOT NULL
                );
                ALTER TABLE schema_evolution_manager.scripts ADD CONSTRAINT scripts_id_pk PRIMARY KEY (id);
                ALTER TABLE schema_evolution_manager.scripts ADD CONSTRAINT scripts_filename_un UNIQUE (filename);
                COMMENT ON TABLE schema_evolution_manager.scripts IS %s;
              END IF;

              IF to_regclass('schema_evolution_manager.bootstrap_scripts') IS NULL THEN
                CREATE TABLE schema_evolution_manager.bootstrap_scripts (
                  id           bigserial,
                  filename     varchar(100) NOT NULL,
                  created_at   timestamp with time zone DEFAULT now() NOT NULL
                );
                ALTER TABLE schema_evolution_manager.bootstrap_scripts
                  ADD CONSTRAINT bootstrap_scripts_id_pk PRIMARY KEY (id);
                ALTER TABLE schema_evolution_manager.bootstrap_scripts
                  ADD CONSTRAINT bootstrap_scripts_filename_un UNIQUE (filename);
                COMMENT ON TABLE schema_evolution_manager.bootstrap_scripts IS %s;
              END IF;
            END
            $sem$;
            """.formatted(literal(SCRIPTS_COMMENT), literal(BOOTSTRAP_SCRIPTS_COMMENT));

    static final String VERSIONS = """
            -- versions table: the released repository version applied to this database
            -- (equivalent to sem (Ruby) 20260717-000000.sql, idempotent)
            DO $sem$
            BEGIN
              IF to_regclass('schema_evolution_manager.versions') IS NULL THEN
                CREATE TABLE schema_evolution_manager.versions (
                  id           bigserial,
                  version      varchar(100) NOT NULL,
                  created_at   timestamp with time zone DEFAULT now() NOT NULL
                );
                ALTER TABLE schema_evolution_manager.versions ADD CONSTRAINT versions_id_pk PRIMARY KEY (id);
                COMMENT ON TABLE schema_evolution_manager.versions IS %s;
              END IF;
            END
            $sem$;
            """.formatted(literal(VERSIONS_COMMENT));

    /**
     * Fails, changing nothing, when an existing helper function belongs to a role the current user cannot act as:
     * {@code CREATE OR REPLACE} would fail anyway, and this message names the owner.
     */
    private static final String OWNERSHIP_CHECK = """
            DO $sem$
            DECLARE
              r record;
            BEGIN
              FOR r IN
                SELECT p.oid::regprocedure::text AS fn, pg_catalog.pg_get_userbyid(p.proowner) AS owner
                  FROM pg_catalog.pg_proc p
                  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'schema_evolution_manager'
                   AND p.proname IN (@FUNCTIONS@)
                   AND NOT pg_catalog.pg_has_role(current_user, p.proowner, 'USAGE')
                 ORDER BY p.proname
                 LIMIT 1
              LOOP
                RAISE EXCEPTION 'The sem helper function % is owned by role %, which role % cannot act as',
                    r.fn, pg_catalog.quote_ident(r.owner), pg_catalog.quote_ident(current_user)
                  USING ERRCODE = '42501',
                        HINT = 'Run the bootstrap as ' || pg_catalog.quote_ident(r.owner)
                            || ' (or a member of it), or have that role run ALTER FUNCTION ... OWNER TO '
                            || pg_catalog.quote_ident(current_user) || ' for the 12 helper functions.';
              END LOOP;
            END
            $sem$;
            """.replace(
            "@FUNCTIONS@",
            String.join(
                    ", ", HELPER_FUNCTIONS.stream().map(BootstrapSql::literal).toList()));

    /** The 12 helpers with the quoting rule of spec §3.3. */
    static final String HARDENED_HELPERS = buildHardenedHelpers();

    static final String SIDE_TABLES = """
            -- Java-only side tables. sem (Ruby) never reads them; rows of scripts applied by sem (Ruby)
            -- simply have no entry here. No foreign key points at sem's tables: a foreign key would add
            -- triggers to them, which the compatibility contract forbids.
            CREATE TABLE IF NOT EXISTS schema_evolution_manager.sem_java_script_checksums (
              filename               varchar(100) NOT NULL,
              sha256                 char(64) NOT NULL,
              normalized_sha256      char(64),
              normalization_version  integer,
              chain                  char(64),
              origin                 varchar(20) DEFAULT 'applied' NOT NULL,
              artifact               text,
              applied_by             text,
              duration_ms            bigint,
              recorded_at            timestamp with time zone DEFAULT now() NOT NULL,
              CONSTRAINT sem_java_script_checksums_pk PRIMARY KEY (filename),
              CONSTRAINT sem_java_script_checksums_sha256_ck CHECK (sha256 ~ '^[0-9a-f]{64}$'),
              CONSTRAINT sem_java_script_checksums_normalized_ck CHECK (
                (normalized_sha256 IS NULL AND normalization_version IS NULL)
                OR (normalized_sha256 ~ '^[0-9a-f]{64}$' AND normalization_version > 0)),
              CONSTRAINT sem_java_script_checksums_chain_ck CHECK (chain ~ '^[0-9a-f]{64}$'),
              CONSTRAINT sem_java_script_checksums_origin_ck CHECK (origin IN ('applied', 'adopted', 'baseline')),
              CONSTRAINT sem_java_script_checksums_duration_ck CHECK (duration_ms >= 0)
            );
            COMMENT ON TABLE schema_evolution_manager.sem_java_script_checksums IS
              'sem-maven-plugin: SHA-256 of each script it applied or adopted (raw and normalized), and the history chain. Scripts applied by sem (Ruby) have no row until adopted.';

            CREATE TABLE IF NOT EXISTS schema_evolution_manager.sem_java_checksum_acceptances (
              id                     bigserial,
              filename               varchar(100) NOT NULL,
              old_sha256             char(64) NOT NULL,
              new_sha256             char(64) NOT NULL,
              old_normalized_sha256  char(64),
              new_normalized_sha256  char(64),
              normalization_version  integer,
              reason                 text NOT NULL,
              accepted_by            text DEFAULT current_user NOT NULL,
              accepted_at            timestamp with time zone DEFAULT now() NOT NULL,
              CONSTRAINT sem_java_checksum_acceptances_pk PRIMARY KEY (id),
              CONSTRAINT sem_java_checksum_acceptances_hashes_ck CHECK (
                old_sha256 ~ '^[0-9a-f]{64}$' AND new_sha256 ~ '^[0-9a-f]{64}$'
                AND old_normalized_sha256 ~ '^[0-9a-f]{64}$' IS NOT FALSE
                AND new_normalized_sha256 ~ '^[0-9a-f]{64}$' IS NOT FALSE),
              CONSTRAINT sem_java_checksum_acceptances_normalization_ck CHECK (
                (new_normalized_sha256 IS NULL) = (normalization_version IS NULL) AND normalization_version > 0 IS NOT FALSE),
              CONSTRAINT sem_java_checksum_acceptances_reason_ck CHECK (btrim(reason) <> '')
            );
            CREATE INDEX IF NOT EXISTS sem_java_checksum_acceptances_filename_idx
              ON schema_evolution_manager.sem_java_checksum_acceptances (filename);
            COMMENT ON TABLE schema_evolution_manager.sem_java_checksum_acceptances IS
              'sem-maven-plugin: explicitly accepted edits of applied scripts (who, when, why, old and new SHA-256).';

            CREATE TABLE IF NOT EXISTS schema_evolution_manager.sem_java_script_progress (
              filename          varchar(100) NOT NULL,
              statement_index   integer NOT NULL,
              statement_sha256  char(64) NOT NULL,
              status            varchar(20) NOT NULL,
              duration_ms       bigint,
              retries           integer DEFAULT 0 NOT NULL,
              sqlstate          char(5),
              message           text,
              statement_count   integer,
              file_sha256       char(64),
              artifact          text,
              recorded_at       timestamp with time zone DEFAULT now() NOT NULL,
              CONSTRAINT sem_java_script_progress_pk PRIMARY KEY (filename, statement_index),
              CONSTRAINT sem_java_script_progress_index_ck CHECK (statement_index >= 1
                AND (statement_count IS NULL OR statement_index <= statement_count)),
              CONSTRAINT sem_java_script_progress_status_ck CHECK (status IN ('running', 'applied', 'failed')),
              CONSTRAINT sem_java_script_progress_hashes_ck CHECK (statement_sha256 ~ '^[0-9a-f]{64}$'
                AND file_sha256 ~ '^[0-9a-f]{64}$' IS NOT FALSE),
              CONSTRAINT sem_java_script_progress_numbers_ck CHECK (retries >= 0 AND duration_ms >= 0 IS NOT FALSE)
            );
            COMMENT ON TABLE schema_evolution_manager.sem_java_script_progress IS
              'sem-maven-plugin: per-statement progress of scripts that are running or failed part-way (statement_index is 1-based). Rows are cleared once the script is recorded in scripts.';
            """;

    private static String buildHardenedHelpers() {
        StringBuilder sql = new StringBuilder();
        sql.append("-- The 12 sem helper functions, hardened: identifier arguments are parsed like SQL identifiers\n")
                .append("-- (parse_ident), must be exactly one name, and are emitted quoted.\n");
        sql.append(OWNERSHIP_CHECK);
        auditColumnHelpers(sql);
        triggerHelpers(sql);
        return sql.toString();
    }

    /** The four functions that add the audit columns (created, updated, deleted) to a table. */
    private static void auditColumnHelpers(StringBuilder sql) {
        ddlHelper(sql, "create_basic_audit_data", "void", "", """
                  PERFORM schema_evolution_manager.create_basic_created_audit_data(p_schema_name, p_table_name);
                  PERFORM schema_evolution_manager.create_basic_updated_audit_data(p_schema_name, p_table_name);
                  PERFORM schema_evolution_manager.create_basic_deleted_audit_data(p_schema_name, p_table_name);
                """);
        ddlHelper(sql, "create_basic_created_audit_data", "void", "", """
                  EXECUTE pg_catalog.format('ALTER TABLE %I.%I ADD created_by_guid uuid NOT NULL', v_schema, v_table);
                  EXECUTE pg_catalog.format(
                    'ALTER TABLE %I.%I ADD created_at timestamp with time zone DEFAULT now() NOT NULL', v_schema, v_table);
                """);
        ddlHelper(sql, "create_basic_deleted_audit_data", "void", "", """
                  EXECUTE pg_catalog.format('ALTER TABLE %I.%I ADD deleted_by_guid uuid', v_schema, v_table);
                  EXECUTE pg_catalog.format('ALTER TABLE %I.%I ADD deleted_at timestamp with time zone', v_schema, v_table);
                  EXECUTE pg_catalog.format('ALTER TABLE %I.%I ADD CONSTRAINT %I CHECK ( '
                    || '(deleted_at IS NULL AND deleted_by_guid IS NULL) OR '
                    || '(deleted_at IS NOT NULL AND deleted_by_guid IS NOT NULL) )',
                    v_schema, v_table, (v_table || '_deleted_ck')::name);
                  PERFORM schema_evolution_manager.create_prevent_immediate_delete_trigger(p_schema_name, p_table_name);
                """);
        ddlHelper(sql, "create_basic_updated_audit_data", "void", "", """
                  EXECUTE pg_catalog.format('ALTER TABLE %I.%I ADD updated_by_guid uuid NOT NULL', v_schema, v_table);
                  EXECUTE pg_catalog.format(
                    'ALTER TABLE %I.%I ADD updated_at timestamp with time zone DEFAULT now() NOT NULL', v_schema, v_table);
                  PERFORM schema_evolution_manager.create_updated_at_trigger(p_schema_name, p_table_name);
                """);
    }

    /** The trigger functions and the functions that create triggers calling them. */
    private static void triggerHelpers(StringBuilder sql) {
        triggerFunction(sql, "prevent_delete", """
                  RAISE EXCEPTION 'Physical deletes are not allowed on this table';
                """);
        triggerFunction(sql, "prevent_immediate_delete", """
                  IF old.deleted_at IS NULL THEN
                    RAISE EXCEPTION 'You must set the deleted_at column for this table';
                  END IF;

                  IF old.deleted_at > now() - interval '1 months' THEN
                    RAISE EXCEPTION 'Physical deletes on this table can occur only after 1 month of deleting the records';
                  END IF;

                  RETURN old;
                """);
        ddlHelper(sql, "create_updated_at_trigger", "character varying", "  v_name name;\n", """
                  v_name := (v_table || '_updated_at_trigger')::name;
                  EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON %I.%I', v_name, v_schema, v_table);
                  EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE UPDATE ON %I.%I FOR EACH ROW '
                    || 'EXECUTE PROCEDURE schema_evolution_manager.set_updated_at_trigger_function()',
                    v_name, v_schema, v_table);
                  RETURN v_name;
                """);
        // Kept exactly as sem (Ruby) computes it, so both tools store the same values.
        triggerFunction(sql, "set_updated_at_trigger_function", """
                  IF (new.updated_at = old.updated_at) THEN
                    new.updated_at = timezone('utc', now())::timestamptz;
                  END IF;
                  RETURN new;
                """);
        triggerCreator(sql, "create_prevent_immediate_delete_trigger", "BEFORE DELETE", "prevent_immediate_delete");
        triggerCreator(sql, "create_prevent_update_trigger", "AFTER UPDATE", "prevent_update");
        triggerCreator(sql, "create_prevent_delete_trigger", "AFTER DELETE", "prevent_delete");
        triggerFunction(sql, "prevent_update", """
                  RAISE EXCEPTION 'Physical updates are not allowed on this table';
                """);
    }

    private static void triggerCreator(StringBuilder sql, String function, String timing, String target) {
        String suffix = function.substring("create".length()); // _prevent_..._trigger
        ddlHelper(sql, function, "character varying", "  v_name name;\n", """
                  v_name := (v_table || '%s')::name;
                  EXECUTE pg_catalog.format('CREATE TRIGGER %%I %s ON %%I.%%I FOR EACH ROW '
                    || 'EXECUTE PROCEDURE schema_evolution_manager.%s()',
                    v_name, v_schema, v_table);
                  RETURN v_name;
                """.formatted(suffix, timing, target));
    }

    private static void triggerFunction(StringBuilder sql, String function, String body) {
        sql.append("\nCREATE OR REPLACE FUNCTION schema_evolution_manager.")
                .append(function)
                .append("() RETURNS trigger\n    LANGUAGE plpgsql SECURITY INVOKER\n    AS $sem$\nBEGIN\n")
                .append(body)
                .append("END;\n$sem$;\n");
    }

    private static void ddlHelper(StringBuilder sql, String function, String returns, String declare, String body) {
        sql.append("\nCREATE OR REPLACE FUNCTION schema_evolution_manager.")
                .append(function)
                .append("(p_schema_name character varying, p_table_name character varying) RETURNS ")
                .append(returns)
                .append("\n    LANGUAGE plpgsql SECURITY INVOKER\n    AS $sem$\nDECLARE\n")
                .append("  v_parts text[];\n  v_schema text;\n  v_table text;\n")
                .append(declare)
                .append("BEGIN\n")
                .append(parseArgument(function, "p_schema_name", "v_schema"))
                .append(parseArgument(function, "p_table_name", "v_table"))
                .append(body)
                .append("END;\n$sem$;\n");
    }

    /** Parses one identifier argument like SQL does, or raises an error naming the argument. */
    private static String parseArgument(String function, String argument, String variable) {
        return """
                  BEGIN
                    v_parts := pg_catalog.parse_ident(%2$s);
                  EXCEPTION WHEN OTHERS THEN
                    v_parts := NULL;
                  END;
                  IF v_parts IS NULL OR pg_catalog.cardinality(v_parts) <> 1 THEN
                    RAISE EXCEPTION 'schema_evolution_manager.%1$s: argument %2$s must be exactly one identifier, not %%',
                        pg_catalog.quote_nullable(%2$s)
                      USING ERRCODE = '22023',
                            HINT = 'Pass a single name such as my_table, or a quoted name such as "MyTable".';
                  END IF;
                  %3$s := v_parts[1];
                """.formatted(function, argument, variable);
    }

    /** A SQL string literal of a constant of this class. */
    static String literal(String constant) {
        return "'" + constant.replace("'", "''") + "'";
    }
}
