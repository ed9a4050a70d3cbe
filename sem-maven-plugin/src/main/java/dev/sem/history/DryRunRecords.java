package dev.sem.history;

/**
 * The history writes of a dry run, as SQL with literal values for the file that {@code psql} can execute: the same
 * rows {@link History} would write, each guarded so that running the file twice records nothing twice.
 */
public final class DryRunRecords {

    private static final String Q = "\"schema_evolution_manager\".";

    private DryRunRecords() {}

    /** Records an applied (or baselined) script and its checksums, like {@link History#recordApplied}. */
    public static String recordApplied(StoredChecksum s) {
        return "INSERT INTO " + Q + "\"scripts\" (\"filename\") SELECT " + literal(s.filename())
                + " WHERE NOT EXISTS (SELECT 1 FROM " + Q + "\"scripts\" WHERE \"filename\" = " + literal(s.filename())
                + ");\nINSERT INTO " + Q + "\"sem_java_script_checksums\" (\"filename\", \"sha256\","
                + " \"normalized_sha256\", \"normalization_version\", \"chain\", \"origin\", \"artifact\","
                + " \"applied_by\") VALUES (" + literal(s.filename()) + ", " + literal(s.sha256()) + ", "
                + literal(s.normalizedSha256()) + ", "
                + (s.normalizationVersion() == null ? "NULL" : String.valueOf(s.normalizationVersion()))
                + ", " + literal(s.chain()) + ", " + literal(s.origin().dbValue()) + ", " + literal(s.artifact())
                + ", " + literal(s.appliedBy()) + ") ON CONFLICT (\"filename\") DO NOTHING";
    }

    /** Records a version when it differs from the latest, like {@link History#recordVersionIfChanged}. */
    public static String recordVersion(String version) {
        return "INSERT INTO " + Q + "\"versions\" (\"version\") SELECT " + literal(version) + " WHERE "
                + literal(version) + " IS DISTINCT FROM (SELECT \"version\" FROM " + Q
                + "\"versions\" ORDER BY \"id\" DESC LIMIT 1)";
    }

    /** Records a bootstrap entry. */
    public static String recordBootstrap(String entry) {
        return "INSERT INTO " + Q + "\"bootstrap_scripts\" (\"filename\") SELECT " + literal(entry)
                + " WHERE NOT EXISTS (SELECT 1 FROM " + Q + "\"bootstrap_scripts\" WHERE \"filename\" = "
                + literal(entry) + ")";
    }

    /**
     * A SQL string literal, or NULL. A value with a backslash is written as {@code E'...'} with the backslashes doubled
     * (as psql's PQescapeLiteral does), which means the same whatever standard_conforming_strings a script left.
     */
    static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        String quoted = "'" + value.replace("'", "''") + "'";
        return value.indexOf('\\') >= 0 ? "E" + quoted.replace("\\", "\\\\") : quoted;
    }
}
