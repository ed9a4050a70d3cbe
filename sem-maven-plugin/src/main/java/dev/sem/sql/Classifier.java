package dev.sem.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Classifies a statement by its leading words (see {@link StatementKind}). */
final class Classifier {

    record Result(StatementKind kind, String description) {}

    private static final Set<String> CREATE_MODIFIERS = Set.of(
            "or",
            "replace",
            "unique",
            "temp",
            "temporary",
            "unlogged",
            "global",
            "local",
            "materialized",
            "recursive",
            "trusted",
            "procedural",
            "default",
            "constraint",
            "foreign",
            "text",
            "event",
            "operator",
            "access");

    private Classifier() {}

    /**
     * Classifies a statement made of one or more {@code \;}-separated parts; the most restrictive part wins
     * (transaction control, then non-transactional, then commit boundary).
     */
    static Result classify(List<List<StatementState.Word>> parts) {
        Result best = null;
        for (List<StatementState.Word> words : parts) {
            if (words.isEmpty()) {
                continue;
            }
            Result r = classifyOne(words);
            if (best == null || rank(r.kind()) > rank(best.kind())) {
                best = r;
            }
        }
        return best != null ? best : new Result(StatementKind.TRANSACTIONAL, "SQL");
    }

    private static int rank(StatementKind kind) {
        return switch (kind) {
            case TRANSACTIONAL -> 0;
            case COMMIT_BOUNDARY -> 1;
            case NON_TRANSACTIONAL -> 2;
            case TRANSACTION_CONTROL -> 3;
        };
    }

    private static Result classifyOne(List<StatementState.Word> all) {
        // Top-level words only, with option lists "( ... )" kept as the words inside at depth 1.
        W w = new W(all);
        String first = w.at(0);
        Result special = switch (first) {
            case "create" -> create(w);
            case "drop" -> drop(w);
            case "reindex" -> reindex(w);
            case "vacuum" -> non("VACUUM");
            case "cluster" -> cluster(w);
            case "alter" -> alter(w);
            case "discard" -> w.is(1, "all") ? non("DISCARD ALL") : null;
            default -> transactionControl(first, w);
        };
        return special != null ? special : new Result(StatementKind.TRANSACTIONAL, describe(w));
    }

    /** CREATE INDEX CONCURRENTLY, CREATE DATABASE, TABLESPACE or SUBSCRIPTION; else null. */
    private static Result create(W w) {
        int i = 1;
        if (w.is(i, "unique")) {
            i++;
        }
        if (w.is(i, "index") && w.is(i + 1, "concurrently")) {
            return non("CREATE INDEX CONCURRENTLY");
        }
        for (String what : List.of("database", "tablespace", "subscription")) {
            if (w.is(1, what)) {
                return non("CREATE " + what.toUpperCase(Locale.ROOT));
            }
        }
        return null;
    }

    /** DROP INDEX CONCURRENTLY, DROP DATABASE, TABLESPACE or SUBSCRIPTION; else null. */
    private static Result drop(W w) {
        if (w.is(1, "index") && w.is(2, "concurrently")) {
            return non("DROP INDEX CONCURRENTLY");
        }
        for (String what : List.of("database", "tablespace", "subscription")) {
            if (w.is(1, what)) {
                return non("DROP " + what.toUpperCase(Locale.ROOT));
            }
        }
        return null;
    }

    /** REINDEX SCHEMA, DATABASE, SYSTEM or CONCURRENTLY (a word or an option); else null. */
    private static Result reindex(W w) {
        int i = 1;
        boolean concurrently = false;
        if (w.is(i, "(")) {
            int close = w.closing(i);
            for (int j = i + 1; j < close; j++) {
                if (w.is(j, "concurrently") && !(w.isAny(j + 1, "false", "off", "0"))) {
                    concurrently = true;
                }
            }
            i = close + 1;
        }
        String target = w.at(i);
        if (w.is(i + 1, "concurrently")) {
            concurrently = true;
        }
        if (target.equals("schema") || target.equals("database") || target.equals("system")) {
            return non("REINDEX " + target.toUpperCase(Locale.ROOT));
        }
        return concurrently ? non("REINDEX CONCURRENTLY") : null;
    }

    /** CLUSTER without a table (every previously clustered table); else null. */
    private static Result cluster(W w) {
        int i = 1;
        if (w.is(i, "(")) {
            i = w.closing(i) + 1;
        }
        if (w.is(i, "verbose")) {
            i++;
        }
        return w.at(i).isEmpty() ? non("CLUSTER") : null;
    }

    /** The ALTER statements that cannot run in a transaction block, and ALTER TYPE ADD VALUE; else null. */
    private static Result alter(W w) {
        switch (w.at(1)) {
            case "table" -> {
                int d = w.find(2, "detach", "partition");
                if (d >= 0 && w.find(d + 2, "concurrently") >= 0) {
                    return non("ALTER TABLE DETACH PARTITION CONCURRENTLY");
                }
            }
            case "database" -> {
                if (w.find(2, "set", "tablespace") >= 0) {
                    return non("ALTER DATABASE SET TABLESPACE");
                }
            }
            case "system" -> {
                return non("ALTER SYSTEM");
            }
            case "subscription" -> {
                if (w.find(2, "refresh", "publication") >= 0) {
                    return non("ALTER SUBSCRIPTION REFRESH PUBLICATION");
                }
                for (String verb : List.of("set", "add", "drop")) {
                    if (w.find(2, verb, "publication") >= 0) {
                        return non("ALTER SUBSCRIPTION " + verb.toUpperCase(Locale.ROOT) + " PUBLICATION");
                    }
                }
            }
            case "type" -> {
                if (w.find(2, "add", "value") >= 0) {
                    return new Result(StatementKind.COMMIT_BOUNDARY, "ALTER TYPE ADD VALUE");
                }
            }
            default -> {}
        }
        return null;
    }

    /** COMMIT/ROLLBACK PREPARED, or a transaction control statement (not BEGIN ATOMIC); else null. */
    private static Result transactionControl(String first, W w) {
        switch (first) {
            case "commit", "rollback" -> {
                if (w.is(1, "prepared")) {
                    return non(first.toUpperCase(Locale.ROOT) + " PREPARED");
                }
                return control(first.toUpperCase(Locale.ROOT));
            }
            case "begin", "end", "abort", "savepoint", "release" -> {
                if (!w.is(1, "atomic")) {
                    return control(first.toUpperCase(Locale.ROOT));
                }
            }
            case "start" -> {
                if (w.is(1, "transaction")) {
                    return control("START TRANSACTION");
                }
            }
            case "prepare" -> {
                if (w.is(1, "transaction")) {
                    return control("PREPARE TRANSACTION");
                }
            }
            default -> {}
        }
        return null;
    }

    private static String describe(W w) {
        String first = w.at(0);
        if (first.isEmpty() || !Character.isLetter(first.charAt(0))) {
            return "SQL";
        }
        StringBuilder sb = new StringBuilder(first.toUpperCase(Locale.ROOT));
        if (first.equals("create") || first.equals("alter") || first.equals("drop")) {
            for (int i = 1; i < 5; i++) {
                String word = w.at(i);
                if (word.isEmpty() || !Character.isLetter(word.charAt(0))) {
                    break;
                }
                sb.append(' ').append(word.toUpperCase(Locale.ROOT));
                if (!CREATE_MODIFIERS.contains(word)) {
                    break;
                }
            }
        }
        return sb.toString();
    }

    private static Result non(String description) {
        return new Result(StatementKind.NON_TRANSACTIONAL, description);
    }

    private static Result control(String description) {
        return new Result(StatementKind.TRANSACTION_CONTROL, description);
    }

    /** The words of one part: top-level words, and the words inside first-level parentheses. */
    private record W(List<StatementState.Word> words) {
        String at(int i) {
            return i >= 0 && i < words.size() ? words.get(i).text() : "";
        }

        boolean is(int i, String text) {
            return at(i).equals(text);
        }

        boolean isAny(int i, String... texts) {
            for (String t : texts) {
                if (is(i, t)) {
                    return true;
                }
            }
            return false;
        }

        /** The index of the ")" closing the "(" at {@code open}, or the end. */
        int closing(int open) {
            int depth = words.get(open).depth();
            for (int i = open + 1; i < words.size(); i++) {
                if (words.get(i).depth() == depth && words.get(i).text().equals(")")) {
                    return i;
                }
            }
            return words.size();
        }

        /** The index of the first top-level occurrence of the word sequence, from {@code from}, or -1. */
        int find(int from, String... seq) {
            outer:
            for (int i = Math.max(from, 0); i + seq.length <= words.size(); i++) {
                for (int k = 0; k < seq.length; k++) {
                    StatementState.Word word = words.get(i + k);
                    if (word.depth() != 0 || !word.text().equals(seq[k])) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
