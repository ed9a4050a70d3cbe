package dev.sem.pkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sem.sql.SqlStatement;

/**
 * The statements of all type files in the order of §6.3 step 3: every DROP, then the CREATE TYPE / CREATE DOMAIN
 * statements, then everything else.
 */
final class TypeStatements {

    private TypeStatements() {}

    static List<SqlStatement> order(List<PackageFile> typeFiles, Map<String, List<SqlStatement>> statements) {
        List<SqlStatement> drops = new ArrayList<>();
        List<SqlStatement> creates = new ArrayList<>();
        List<SqlStatement> others = new ArrayList<>();
        for (PackageFile f : typeFiles) {
            for (SqlStatement s : statements.get(f.path())) {
                String head = s.sql().strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (head.startsWith("drop ")) {
                    drops.add(s);
                } else if (head.startsWith("create type ") || head.startsWith("create domain ")) {
                    creates.add(s);
                } else {
                    others.add(s);
                }
            }
        }
        List<SqlStatement> all = new ArrayList<>(drops);
        all.addAll(creates);
        all.addAll(others);
        return all;
    }
}
