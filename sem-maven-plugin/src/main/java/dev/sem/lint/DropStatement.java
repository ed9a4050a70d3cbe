package dev.sem.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@code DROP} statement as the rules read it: the object word, the modifiers, and the names dropped. */
final class DropStatement {

    private final Stmt s;
    /** The object word ({@code table}, {@code index}, {@code materialized}, ...), lower case. */
    final String what;
    /** The index after the object words and the modifiers: the first name. */
    final int at;

    final boolean concurrently;
    final boolean ifExists;
    final List<Stmt.Name> names;

    private DropStatement(Stmt s, String what, int at, boolean concurrently, boolean ifExists) {
        this.s = s;
        this.what = what;
        this.at = at;
        this.concurrently = concurrently;
        this.ifExists = ifExists;
        List<Stmt.Name> list = new ArrayList<>();
        for (int[] r : s.split(at, s.size(), 0)) {
            Stmt.Name n = s.name(r[0]);
            if (n != null) {
                list.add(n);
            }
        }
        this.names = List.copyOf(list);
    }

    /** {@code s} read as a DROP statement, or {@code null} when it is not one (or is DROP OWNED). */
    static DropStatement of(Stmt s) {
        String what = s.kw(1);
        if (!s.is(0, "drop") || what.equals("owned")) {
            return null;
        }
        int i = twoWords(what) ? 3 : 2;
        boolean concurrently = s.is(i, "concurrently");
        if (concurrently) {
            i++;
        }
        boolean ifExists = s.is(i, "if", "exists");
        if (ifExists) {
            i += 2;
        }
        return new DropStatement(s, what, i, concurrently, ifExists);
    }

    /** The dropped kind of object, upper case: {@code TABLE}, {@code MATERIALIZED VIEW}, ... */
    String object() {
        return s.snippet(1, twoWords(what) ? 3 : 2).toUpperCase(Locale.ROOT);
    }

    /** For DROP TRIGGER, RULE and POLICY: the table of the ON clause, else {@code null}. */
    Stmt.Name onTable() {
        int on = s.find(at, "on");
        return on >= 0 ? s.name(on + 1) : null;
    }

    private static boolean twoWords(String what) {
        return what.equals("materialized") || what.equals("foreign");
    }
}
