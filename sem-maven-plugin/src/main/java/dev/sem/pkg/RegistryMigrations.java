package dev.sem.pkg;

import java.util.List;

/**
 * The package registry's own schema migrations, in version order. Each is an SQL resource under
 * {@code dev/sem/pkg/registry/} and is recorded in {@code sem_packages.migrations} when applied. Migrations are
 * append-only: a released one is never edited, a change is a new one.
 */
public final class RegistryMigrations {

    /** One registry migration. */
    public record Migration(int version, String description, String resource) {

        /** The migration's SQL. */
        public String sql() {
            return RegistrySchema.resource(resource);
        }
    }

    /** Every migration this version of sem knows, in order. */
    public static final List<Migration> ALL = List.of(
            new Migration(1, "tables", "001-tables.sql"),
            new Migration(
                    2,
                    "functions: comparator, resolution, set_search_path, drop_schema_smart, notify",
                    "002-functions.sql"),
            new Migration(
                    3, "pgpm takeover: import map, table-script origin, table_script_logged", "003-pgpm-import.sql"));

    private RegistryMigrations() {}

    /** The registry version this sem creates and expects. */
    public static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }
}
