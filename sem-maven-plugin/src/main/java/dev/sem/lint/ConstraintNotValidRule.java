package dev.sem.lint;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code constraint-missing-not-valid}: ADD CHECK on an existing table without NOT VALID, or a VALIDATE CONSTRAINT in
 * the same transaction that added the constraint NOT VALID (which holds the ADD's lock through the scan).
 */
final class ConstraintNotValidRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.CONSTRAINT_MISSING_NOT_VALID);

    /** Constraints added NOT VALID in this script: name to the id of the transaction they were added in (-1: none). */
    private final Map<String, Integer> notValidAdded = new HashMap<>();

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null) {
            return;
        }
        for (AlterTableStatement.Action a : alter.actions()) {
            AlterTableStatement.Constraint c = a.constraint();
            if (c != null) {
                added(s, cx, alter, c);
            }
            Stmt.Name validated = a.validated();
            if (validated != null) {
                validated(s, cx, a.start(), validated);
            }
        }
    }

    private void added(Stmt s, LintContext cx, AlterTableStatement alter, AlterTableStatement.Constraint c) {
        boolean check = c.kind().equals("check");
        if (!check && !c.kind().equals("foreign")) {
            return;
        }
        if (c.notValid() && c.name() != null) {
            notValidAdded.put(c.name(), cx.inTransaction() ? cx.transactionId() : -1);
        }
        if (check && !c.notValid() && cx.existing(alter.table)) {
            cx.report(
                    Rule.CONSTRAINT_MISSING_NOT_VALID,
                    s,
                    c.at(),
                    "ADD CONSTRAINT" + c.named() + " CHECK on " + alter.table.text() + " without NOT VALID checks every"
                            + " row under an ACCESS EXCLUSIVE lock.",
                    null);
        }
    }

    private void validated(Stmt s, LintContext cx, int at, Stmt.Name name) {
        Integer addedIn = notValidAdded.get(name.last());
        if (addedIn != null && addedIn >= 0 && cx.inTransaction() && addedIn == cx.transactionId()) {
            cx.report(
                    Rule.CONSTRAINT_MISSING_NOT_VALID,
                    s,
                    at,
                    "VALIDATE CONSTRAINT " + name.text() + " runs in the transaction that added it NOT VALID, so the"
                            + " ACCESS EXCLUSIVE lock of the ADD is held during the whole scan.",
                    "VALIDATE CONSTRAINT " + name.text() + " in a later script (or make this script"
                            + " -- sem.attribute.transaction = none)");
        }
    }
}
