package dev.sem.maven;

/**
 * One database of a fleet declared in the POM ({@code <targets><target>…</target></targets>}), with the fields of a
 * {@code connection_sets} entry. No password: credentials come from settings.xml, {@code PGPASSWORD} or
 * {@code ~/.pgpass}.
 */
public class FleetTarget {

    /** The entry's {@code unique_name}. */
    public String uniqueName;

    /** The host. */
    public String host;

    /** The port; 5432 when absent. */
    public Integer port;

    /** The database. */
    public String dbname;

    /** The environment, for {@code sem.environment}. */
    public String environment;

    /** The product, for {@code sem.product}. */
    public String product;
}
