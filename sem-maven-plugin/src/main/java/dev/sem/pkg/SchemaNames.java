package dev.sem.pkg;

import java.nio.charset.StandardCharsets;

/**
 * The one place that maps a package to its schema name (pgpm spec §5) and checks PostgreSQL's 63-byte identifier
 * limit. The deployer, the registry and the search_path API use the schema name stored in the registry, never a name
 * derived again.
 */
public final class SchemaNames {

    /** PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    private SchemaNames() {}

    /** {@code <name>_<version as written>} for versioned packages, {@code <name>} for basic ones. */
    public static String schemaName(String name, Subclass subclass, PackageVersion version) {
        String schema = subclass == Subclass.VERSIONED ? name + "_" + version.text() : name;
        requireIdentifier("schema name", schema);
        return schema;
    }

    /** The name of revision {@code n} of a schema renamed by a moderate deploy: {@code <schema>_<n>}. */
    public static String revisionName(String schema, int n) {
        String revision = schema + "_" + n;
        requireIdentifier("revision schema name", revision);
        return revision;
    }

    /**
     * Refuses an identifier longer than 63 bytes, which PostgreSQL would silently truncate.
     *
     * @throws PackageException naming what the identifier is, its length and the limit
     */
    public static void requireIdentifier(String what, String identifier) {
        int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_IDENTIFIER_BYTES) {
            throw new PackageException("The " + what + " '" + identifier + "' is " + bytes
                    + " bytes long; PostgreSQL identifiers are limited to " + MAX_IDENTIFIER_BYTES
                    + " bytes and would be truncated: shorten the package name or version");
        }
    }
}
