package dev.sem.lint;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.sem.InvalidOptionException;
import dev.sem.SemException;

/**
 * How to lint: each rule's severity, when findings fail the build, the target PostgreSQL major version, and whether sem
 * manages {@code lock_timeout} for the scripts. Immutable; start from {@link #defaults()}.
 */
public final class LintConfig {

    /** The PostgreSQL major version assumed when none is configured. */
    public static final int DEFAULT_POSTGRES_VERSION = 13;

    private final Map<String, Severity> overrides;
    private final Map<Rule, Severity> severities;
    private final Severity failOn;
    private final int postgresVersion;
    private final boolean lockTimeoutManaged;

    private LintConfig(
            Map<String, Severity> overrides, Severity failOn, int postgresVersion, boolean lockTimeoutManaged) {
        this.overrides = Map.copyOf(overrides);
        this.failOn = Objects.requireNonNull(failOn, "failOn");
        if (postgresVersion < 9) {
            throw new SemException("PostgreSQL version " + postgresVersion
                    + " is not a major version sem knows; give the major version, such as 13 or 17");
        }
        this.postgresVersion = postgresVersion;
        this.lockTimeoutManaged = lockTimeoutManaged;
        Map<Rule, Severity> resolved = new EnumMap<>(Rule.class);
        for (Rule r : Rule.values()) {
            resolved.put(r, r.defaultSeverity());
        }
        // aliases first, so that an exact id given next to an alias wins
        for (boolean exactIds : new boolean[] {false, true}) {
            for (Map.Entry<String, Severity> e : overrides.entrySet()) {
                List<Rule> rules = Rule.byName(e.getKey());
                if (rules.isEmpty()) {
                    throw new SemException("Unknown lint rule '" + e.getKey() + "' in the lint rule severities; known"
                            + " rules: " + String.join(", ", Rule.names()));
                }
                boolean exact = rules.size() == 1
                        && rules.get(0).id().equalsIgnoreCase(e.getKey().trim());
                if (exact == exactIds) {
                    rules.forEach(r -> resolved.put(r, Objects.requireNonNull(e.getValue(), e.getKey())));
                }
            }
        }
        this.severities = resolved;
    }

    /** Every rule at its default severity, failing on errors, PostgreSQL 13, lock_timeout managed by sem. */
    public static LintConfig defaults() {
        return new LintConfig(Map.of(), Severity.ERROR, DEFAULT_POSTGRES_VERSION, true);
    }

    /**
     * Replaces the severity overrides.
     *
     * @param overrides rule id (or squawk alias) to severity; {@link Severity#OFF} switches a rule off
     * @throws SemException naming an unknown rule
     */
    public LintConfig withOverrides(Map<String, Severity> overrides) {
        return new LintConfig(new LinkedHashMap<>(overrides), failOn, postgresVersion, lockTimeoutManaged);
    }

    /**
     * This configuration with severities as a user writes them: per rule (such as a POM map), then a list of
     * {@code rule=severity} pairs separated by commas, which wins.
     *
     * @param perRule rule id to severity, or {@code null}
     * @param pairs such as {@code ban-drop-column=off,prefer-robust-stmts=error}, or {@code null} / blank
     * @throws InvalidOptionException ({@code lintRules}) for a pair without {@code =} or a value that is not a severity
     */
    public LintConfig withRuleSeverities(Map<String, String> perRule, String pairs) {
        Map<String, Severity> parsed = new LinkedHashMap<>();
        if (perRule != null) {
            perRule.forEach((rule, value) -> parsed.put(rule, severity(rule, value)));
        }
        if (pairs != null && !pairs.isBlank()) {
            for (String pair : pairs.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new InvalidOptionException(
                            "lintRules", "'" + pair.trim() + "' is not rule=severity, e.g. ban-drop-column=off");
                }
                String rule = pair.substring(0, eq).trim();
                parsed.put(rule, severity(rule, pair.substring(eq + 1)));
            }
        }
        return withOverrides(parsed);
    }

    private static Severity severity(String rule, String value) {
        try {
            return Severity.parse(value, "lint rule " + rule);
        } catch (SemException e) {
            throw new InvalidOptionException("lintRules", e.getMessage());
        }
    }

    /**
     * When findings fail: {@link Severity#ERROR} (errors fail), {@link Severity#WARNING} (errors and warnings fail),
     * {@link Severity#OFF} (nothing fails; findings are only printed).
     */
    public LintConfig withFailOn(Severity value) {
        return new LintConfig(overrides, value, postgresVersion, lockTimeoutManaged);
    }

    /** The PostgreSQL major version the scripts run on (decides, e.g., whether any default rewrites the table). */
    public LintConfig withPostgresVersion(int value) {
        return new LintConfig(overrides, failOn, value, lockTimeoutManaged);
    }

    /**
     * Whether sem sets {@code lock_timeout} for scripts that do not set it themselves ({@code sem.lockTimeout > 0}, the
     * default). When false, {@link Rule#REQUIRE_LOCK_TIMEOUT} flags every strong-lock statement not preceded by a
     * {@code SET lock_timeout}.
     */
    public LintConfig withLockTimeoutManaged(boolean value) {
        return new LintConfig(overrides, failOn, postgresVersion, value);
    }

    /** The overrides as given. */
    public Map<String, Severity> overrides() {
        return overrides;
    }

    /** The effective severity of a rule. */
    public Severity severity(Rule rule) {
        return severities.get(rule);
    }

    public Severity failOn() {
        return failOn;
    }

    public int postgresVersion() {
        return postgresVersion;
    }

    public boolean lockTimeoutManaged() {
        return lockTimeoutManaged;
    }

    /** Whether a finding of this severity fails the build. */
    public boolean fails(Severity severity) {
        return switch (failOn) {
            case ERROR -> severity == Severity.ERROR;
            case WARNING -> severity == Severity.ERROR || severity == Severity.WARNING;
            case OFF -> false;
        };
    }

    /** Whether any of the findings fails the build. */
    public boolean fails(Collection<Finding> findings) {
        return findings.stream().anyMatch(f -> fails(f.severity()));
    }

    @Override
    public String toString() {
        return "LintConfig[overrides=" + overrides + ", failOn=" + failOn.label() + ", postgresVersion="
                + postgresVersion + ", lockTimeoutManaged=" + lockTimeoutManaged + "]";
    }
}
