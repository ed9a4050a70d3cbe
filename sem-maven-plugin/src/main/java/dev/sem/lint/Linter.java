package dev.sem.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.sem.script.Script;
import dev.sem.sql.SqlStatement;

/**
 * Lints scripts: runs every rule that is not {@link Severity#OFF}, drops what suppression comments silence, and
 * returns the findings with their configured severity. Thread-safe; every call starts from scratch.
 *
 * <p>{@link #lint(List)} lints the scripts of one run in order and carries what it learns from one to the next: a
 * {@code CHECK (col IS NOT NULL)} validated in an earlier script lets a later {@code SET NOT NULL} pass.
 */
public final class Linter {

    private final LintConfig config;

    public Linter(LintConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public LintConfig config() {
        return config;
    }

    /** Lints one script on its own. */
    public List<Finding> lint(Script input) {
        return lint(List.of(input));
    }

    /** Lints the scripts in order (the order they are applied in); findings are grouped by script, by line. */
    public List<Finding> lint(List<Script> inputs) {
        ScriptLint.Project project = new ScriptLint.Project();
        List<Finding> findings = new ArrayList<>();
        for (Script input : inputs) {
            findings.addAll(lintOne(input, project));
        }
        return List.copyOf(findings);
    }

    private List<Finding> lintOne(Script input, ScriptLint.Project project) {
        List<ScriptLint.Raw> raws = new ScriptLint(config, input, project).run();
        List<SqlStatement> statements = input.parsed().statements();
        String mainFile = input.parsed().file();
        List<Suppressions.Directive> directives = Suppressions.parse(input.text());
        Attached attached = attach(directives, statements, mainFile);

        List<Finding> findings = new ArrayList<>();
        Map<Integer, Set<Rule>> fired = new HashMap<>();
        for (ScriptLint.Raw raw : raws) {
            fired.computeIfAbsent(raw.statement(), k -> new HashSet<>()).add(raw.rule());
            Severity severity = config.severity(raw.rule());
            if (severity != Severity.OFF && !attached.suppresses(raw)) {
                findings.add(finding(raw.rule(), severity, raw.file(), raw.line(), raw.message(), raw.alternative()));
            }
        }
        Severity unusedSeverity = config.severity(Rule.UNUSED_IGNORE);
        boolean reportUnused = unusedSeverity != Severity.OFF
                && attached.fileWide().stream().noneMatch(d -> d.covers(Rule.UNUSED_IGNORE));
        if (reportUnused) {
            for (Suppressions.Directive d : directives) {
                unusedIgnores(d, attached, fired, statements, mainFile, unusedSeverity, findings);
            }
        }

        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        fileOrder.put(mainFile, 0);
        statements.forEach(st -> fileOrder.putIfAbsent(st.file(), fileOrder.size()));
        findings.sort(Comparator.comparingInt((Finding f) -> fileOrder.getOrDefault(f.file(), Integer.MAX_VALUE))
                .thenComparingInt(Finding::line));
        return findings;
    }

    /**
     * Suppression directives by what they cover: the whole file, or the statement (by index) each one precedes or is
     * inside of; a statement directive after the last statement has none.
     */
    private record Attached(
            List<Suppressions.Directive> fileWide,
            Map<Integer, List<Suppressions.Directive>> byStatement,
            Map<Suppressions.Directive, Integer> statementOf) {

        boolean suppresses(ScriptLint.Raw raw) {
            return fileWide.stream().anyMatch(d -> d.covers(raw.rule()))
                    || byStatement.getOrDefault(raw.statement(), List.of()).stream()
                            .anyMatch(d -> d.covers(raw.rule()));
        }
    }

    private static Attached attach(
            List<Suppressions.Directive> directives, List<SqlStatement> statements, String mainFile) {
        Map<Integer, List<Suppressions.Directive>> byStatement = new HashMap<>();
        Map<Suppressions.Directive, Integer> statementOf = new HashMap<>();
        List<Suppressions.Directive> fileWide = new ArrayList<>();
        for (Suppressions.Directive d : directives) {
            if (d.file()) {
                fileWide.add(d);
                continue;
            }
            Integer target = statementAt(d.line(), statements, mainFile);
            if (target != null) {
                byStatement.computeIfAbsent(target, k -> new ArrayList<>()).add(d);
                statementOf.put(d, target);
            }
        }
        return new Attached(fileWide, byStatement, statementOf);
    }

    /** The index of the main file's statement that a directive on {@code line} precedes or is inside of, or null. */
    private static Integer statementAt(int line, List<SqlStatement> statements, String mainFile) {
        int previousEnd = 0;
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement st = statements.get(i);
            if (!st.file().equals(mainFile)) {
                continue;
            }
            int end = endLine(st);
            if (line > previousEnd && line <= end) {
                return i;
            }
            previousEnd = end;
        }
        return null;
    }

    /** Reports what in suppression comment {@code d} silences nothing: unknown names, no statement, nothing found. */
    private void unusedIgnores(
            Suppressions.Directive d,
            Attached attached,
            Map<Integer, Set<Rule>> fired,
            List<SqlStatement> statements,
            String mainFile,
            Severity severity,
            List<Finding> findings) {
        for (String name : d.unknown()) {
            findings.add(finding(
                    Rule.UNUSED_IGNORE,
                    severity,
                    mainFile,
                    d.line(),
                    d.keyword() + " names '" + name + "', which is not a sem lint rule.",
                    closest(name)
                            .map(r -> "did you mean " + r + "? Correct the name, or remove it")
                            .orElse(null)));
        }
        if (d.file()) {
            return;
        }
        Integer target = attached.statementOf().get(d);
        if (target == null) {
            findings.add(finding(
                    Rule.UNUSED_IGNORE,
                    severity,
                    mainFile,
                    d.line(),
                    d.keyword() + " is not followed by a statement, so it silences nothing.",
                    null));
            return;
        }
        Set<Rule> firedHere = fired.getOrDefault(target, Set.of());
        for (String name : d.names()) {
            List<Rule> rules = Rule.byName(name);
            boolean enabled = rules.stream().anyMatch(r -> config.severity(r) != Severity.OFF);
            if (enabled && rules.stream().noneMatch(firedHere::contains)) {
                findings.add(finding(
                        Rule.UNUSED_IGNORE,
                        severity,
                        mainFile,
                        d.line(),
                        d.keyword() + " names " + name + ", which found nothing in the statement at line "
                                + statements.get(target).line() + ".",
                        null));
            }
        }
    }

    private Finding finding(Rule rule, Severity severity, String file, int line, String message, String alternative) {
        return new Finding(
                rule.id(),
                severity,
                file,
                line,
                message,
                rule.explanation(),
                alternative != null ? alternative : rule.safeAlternative());
    }

    /** The rule name closest to a misspelt one (at most 3 edits away). */
    static Optional<String> closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 4;
        for (String candidate : Rule.names()) {
            int d = distance(lower, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static int endLine(SqlStatement st) {
        String sql = st.sql();
        return st.lineColumn(Math.max(1, sql.codePointCount(0, sql.length())))[0];
    }
}
