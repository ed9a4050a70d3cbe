package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves a database exactly as the bootstrap of sem (Ruby) leaves it, for takeover tests. Built from the compatibility
 * contract (spec §3), independently of {@link Bootstrap}: the tables with their constraints and comment texts, the 12
 * helper functions in their <em>original</em> form (arguments concatenated unquoted into the DDL), and the
 * {@code bootstrap_scripts} rows.
 *
 * <p>Like sem (Ruby), each file runs in its own transaction and is recorded afterwards with {@code insert … select …
 * where not exists}. {@code search_path} is set only for the transaction ({@code SET LOCAL}), as sem's psql session
 * does, so the connection is left as it was.
 */
public final class RubySemFixture {

    /** The three upstream bootstrap file names, in the order sem (Ruby) runs them. */
    public static final List<String> UPSTREAM_ENTRIES =
            List.of("20130318-105434.sql", "20130318-105456.sql", "20260717-000000.sql");

    /** The 12 helper functions. */
    public static final List<String> HELPER_FUNCTIONS = List.of(
            "create_basic_audit_data",
            "create_basic_created_audit_data",
            "create_basic_deleted_audit_data",
            "create_basic_updated_audit_data",
            "create_prevent_delete_trigger",
            "create_prevent_immediate_delete_trigger",
            "create_prevent_update_trigger",
            "create_updated_at_trigger",
            "prevent_delete",
            "prevent_immediate_delete",
            "prevent_update",
            "set_updated_at_trigger_function");

    private RubySemFixture() {}

    /**
     * Bootstraps an empty database as the given sem (Ruby) release would.
     *
     * @param connection an autocommit connection; left in autocommit
     * @return the bootstrap file names recorded, in order
     */
    public static List<String> bootstrap(Connection connection, RubyRelease release) throws SQLException {
        List<String> files = new ArrayList<>();
        files.add(UPSTREAM_ENTRIES.get(0));
        files.add(UPSTREAM_ENTRIES.get(1));
        if (release == RubyRelease.V0_9_58) {
            files.add(UPSTREAM_ENTRIES.get(2));
        }
        for (String file : files) {
            runFile(connection, sqlOf(file));
            try (PreparedStatement ps =
                    connection.prepareStatement("insert into schema_evolution_manager.bootstrap_scripts (filename)"
                            + " select ? where not exists"
                            + " (select 1 from schema_evolution_manager.bootstrap_scripts where filename = ?)")) {
                ps.setString(1, file);
                ps.setString(2, file);
                ps.executeUpdate();
            }
        }
        return List.copyOf(files);
    }

    /** Records a script the way a user following sem's failure hint does: {@code insert into … (filename) values}. */
    public static void recordScript(Connection connection, String filename) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("insert into schema_evolution_manager.scripts (filename) values (?)")) {
            ps.setString(1, filename);
            ps.executeUpdate();
        }
    }

    /** Records a deployed version the way sem (Ruby) 0.9.58 does: {@code insert into … (version) values}. */
    public static void recordVersion(Connection connection, String version) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("insert into schema_evolution_manager.versions (version) values (?)")) {
            ps.setString(1, version);
            ps.executeUpdate();
        }
    }

    /**
     * Installs only the 12 original helper functions (the content of {@code 20130318-105456.sql}) into an existing
     * {@code schema_evolution_manager} schema, replacing whatever is there. Records nothing.
     */
    public static void installOriginalHelpers(Connection connection) throws SQLException {
        runFile(connection, ORIGINAL_HELPERS);
    }

    /** The SQL of an upstream file, in the original form. */
    public static String sqlOf(String file) {
        return switch (file) {
            case "20130318-105434.sql" -> SCHEMA_AND_TABLES;
            case "20130318-105456.sql" -> ORIGINAL_HELPERS;
            case "20260717-000000.sql" -> VERSIONS;
            default -> throw new IllegalArgumentException("Not an upstream bootstrap file: " + file);
        };
    }

    private static void runFile(Connection connection, String sql) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL search_path TO schema_evolution_manager");
            s.execute(sql);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    // The schema is created without IF NOT EXISTS, then the tables, their constraints added afterwards with ALTER
    // TABLE, then the comments; two throw-away functions make the table creation conditional, as in sem (Ruby).
    // The comment texts keep sem's layout: after the text block's indentation is stripped, each line starts with 6
    // spaces and the closing quote with 4.
    private static final String SCHEMA_AND_TABLES = """
            create schema schema_evolution_manager;

            set local search_path to schema_evolution_manager;

            create function table_exists(p_schema_name varchar, p_table_name varchar) returns boolean
              language plpgsql as $$
            begin
              perform 1 from information_schema.tables
               where table_schema = p_schema_name and table_name = p_table_name and table_type = 'BASE TABLE';
              return found;
            end;
            $$;

            create function create_tables() returns void language plpgsql as $$
            begin
              if not table_exists('schema_evolution_manager', 'scripts') then
                create table schema_evolution_manager.scripts (
                  id bigserial,
                  filename varchar(100) not null,
                  created_at timestamp with time zone default now() not null
                );
                alter table schema_evolution_manager.scripts add constraint scripts_id_pk primary key (id);
                alter table schema_evolution_manager.scripts add constraint scripts_filename_un unique (filename);
                comment on table schema_evolution_manager.scripts is '
                  When a script is applied to this database, the script is recorded
                  here. This table is the used to ensure scripts are applied at most
                  once to this database.
                ';
              end if;
              if not table_exists('schema_evolution_manager', 'bootstrap_scripts') then
                create table schema_evolution_manager.bootstrap_scripts (
                  id bigserial,
                  filename varchar(100) not null,
                  created_at timestamp with time zone default now() not null
                );
                alter table schema_evolution_manager.bootstrap_scripts
                  add constraint bootstrap_scripts_id_pk primary key (id);
                alter table schema_evolution_manager.bootstrap_scripts
                  add constraint bootstrap_scripts_filename_un unique (filename);
                comment on table schema_evolution_manager.bootstrap_scripts is '
                  Internal list of schema_evolution_manager sql scripts applied. Used only for upgrades
                  to schema_evolution_manager itself.
                ';
              end if;
            end;
            $$;

            select create_tables();

            drop function create_tables();
            drop function table_exists(varchar, varchar);
            """;

    private static final String VERSIONS = """
            create table schema_evolution_manager.versions (
              id bigserial,
              version varchar(100) not null,
              created_at timestamp with time zone default now() not null
            );
            alter table schema_evolution_manager.versions add constraint versions_id_pk primary key (id);
            comment on table schema_evolution_manager.versions is
              'Records the released repository version applied to this database. Latest row (max id) is the deployed schema version.';
            """;

    // The original helpers: arguments are concatenated into the DDL without quoting.
    private static final String ORIGINAL_HELPERS = """
            create or replace function schema_evolution_manager.create_basic_audit_data(
                p_schema_name character varying, p_table_name character varying) returns void
              language plpgsql as $$
            begin
              perform schema_evolution_manager.create_basic_created_audit_data(p_schema_name, p_table_name);
              perform schema_evolution_manager.create_basic_updated_audit_data(p_schema_name, p_table_name);
              perform schema_evolution_manager.create_basic_deleted_audit_data(p_schema_name, p_table_name);
            end;
            $$;

            create or replace function schema_evolution_manager.create_basic_created_audit_data(
                p_schema_name character varying, p_table_name character varying) returns void
              language plpgsql as $$
            begin
              execute 'alter table ' || p_schema_name || '.' || p_table_name || ' add created_by_guid uuid not null';
              execute 'alter table ' || p_schema_name || '.' || p_table_name
                || ' add created_at timestamp with time zone default now() not null';
            end;
            $$;

            create or replace function schema_evolution_manager.create_basic_deleted_audit_data(
                p_schema_name character varying, p_table_name character varying) returns void
              language plpgsql as $$
            begin
              execute 'alter table ' || p_schema_name || '.' || p_table_name || ' add deleted_by_guid uuid';
              execute 'alter table ' || p_schema_name || '.' || p_table_name || ' add deleted_at timestamp with time zone';
              execute 'alter table ' || p_schema_name || '.' || p_table_name || ' add constraint ' || p_table_name
                || '_deleted_ck check ( (deleted_at is null and deleted_by_guid is null)'
                || ' OR (deleted_at is not null and deleted_by_guid is not null) )';
              perform schema_evolution_manager.create_prevent_immediate_delete_trigger(p_schema_name, p_table_name);
            end;
            $$;

            create or replace function schema_evolution_manager.create_basic_updated_audit_data(
                p_schema_name character varying, p_table_name character varying) returns void
              language plpgsql as $$
            begin
              execute 'alter table ' || p_schema_name || '.' || p_table_name || ' add updated_by_guid uuid not null';
              execute 'alter table ' || p_schema_name || '.' || p_table_name
                || ' add updated_at timestamp with time zone default now() not null';
              perform schema_evolution_manager.create_updated_at_trigger(p_schema_name, p_table_name);
            end;
            $$;

            create or replace function schema_evolution_manager.prevent_delete() returns trigger
              language plpgsql as $$
            begin
              raise exception 'Physical deletes are not allowed on this table';
            end;
            $$;

            create or replace function schema_evolution_manager.prevent_immediate_delete() returns trigger
              language plpgsql as $$
            begin
              if old.deleted_at is null then
                raise exception 'You must set the deleted_at column for this table';
              end if;
              if old.deleted_at > now() - interval '1 months' then
                raise exception 'Physical deletes on this table can occur only after 1 month of deleting the records';
              end if;
              return old;
            end;
            $$;

            create or replace function schema_evolution_manager.create_updated_at_trigger(
                p_schema_name character varying, p_table_name character varying) returns character varying
              language plpgsql as $$
            declare
              v_name varchar;
            begin
              v_name = p_table_name || '_updated_at_trigger';
              execute 'drop trigger if exists ' || v_name || ' on ' || p_schema_name || '.' || p_table_name;
              execute 'create trigger ' || v_name || ' before update on ' || p_schema_name || '.' || p_table_name
                || ' for each row execute procedure schema_evolution_manager.set_updated_at_trigger_function()';
              return v_name;
            end;
            $$;

            create or replace function schema_evolution_manager.set_updated_at_trigger_function() returns trigger
              language plpgsql as $$
            begin
              if (new.updated_at = old.updated_at) then
                new.updated_at = timezone('utc', now())::timestamptz;
              end if;
              return new;
            end;
            $$;

            create or replace function schema_evolution_manager.create_prevent_immediate_delete_trigger(
                p_schema_name character varying, p_table_name character varying) returns character varying
              language plpgsql as $$
            declare
              v_name varchar;
            begin
              v_name = p_table_name || '_prevent_immediate_delete_trigger';
              execute 'create trigger ' || v_name || ' before delete on ' || p_schema_name || '.' || p_table_name
                || ' for each row execute procedure schema_evolution_manager.prevent_immediate_delete()';
              return v_name;
            end;
            $$;

            create or replace function schema_evolution_manager.create_prevent_update_trigger(
                p_schema_name character varying, p_table_name character varying) returns character varying
              language plpgsql as $$
            declare
              v_name varchar;
            begin
              v_name = p_table_name || '_prevent_update_trigger';
              execute 'create trigger ' || v_name || ' after update on ' || p_schema_name || '.' || p_table_name
                || ' for each row execute procedure schema_evolution_manager.prevent_update()';
              return v_name;
            end;
            $$;

            create or replace function schema_evolution_manager.create_prevent_delete_trigger(
                p_schema_name character varying, p_table_name character varying) returns character varying
              language plpgsql as $$
            declare
              v_name varchar;
            begin
              v_name = p_table_name || '_prevent_delete_trigger';
              execute 'create trigger ' || v_name || ' after delete on ' || p_schema_name || '.' || p_table_name
                || ' for each row execute procedure schema_evolution_manager.prevent_delete()';
              return v_name;
            end;
            $$;

            create or replace function schema_evolution_manager.prevent_update() returns trigger
              language plpgsql as $$
            begin
              raise exception 'Physical updates are not allowed on this table';
            end;
            $$;
            """;
}
