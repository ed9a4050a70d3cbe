package dev.sem.pkg;

/**
 * One SQL file of a package.
 *
 * @param category the folder category it belongs to
 * @param path its identity: the path relative to the package root with {@code /} separators, such as
 *     {@code functions/orders/create_order.sql}
 * @param text the decoded text (strict UTF-8, BOM removed)
 * @param sha256 the lower-case hex SHA-256 of the file's bytes
 */
public record PackageFile(Category category, String path, String text, String sha256) {}
