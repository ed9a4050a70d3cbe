package dev.sem.apply;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import dev.sem.history.BootstrapEntry;
import dev.sem.history.DryRunRecords;
import dev.sem.history.StoredChecksum;
import dev.sem.script.TransactionMode;
import dev.sem.sql.Echo;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.Unit;

/**
 * The SQL a dry run prints: exactly what {@code apply} would send, in the same order and grouping, as a file that
 * {@code psql -v ON_ERROR_STOP=1 -f} can execute. Variables are already interpolated.
 */
final class DryRunScript {

    private final DryRunSql.Builder out = new DryRunSql.Builder();
    private final ApplyOptions options;
    private final Path baseDir;

    DryRunScript(String target, ApplyOptions options, Path baseDir) {
        this.options = options;
        this.baseDir = baseDir;
        out.append("-- sem dry run for ").append(target).append('\n');
        out.append("-- generated ").append(Instant.now()).append(" by sem-maven-plugin");
        if (options.artifact() != null) {
            out.append(" from ").append(options.artifact());
        }
        out.append('\n');
        out.append("-- Assumes standard_conforming_strings = on. Run with: psql -v ON_ERROR_STOP=1 -f <this file>\n");
        out.append("\\set ON_ERROR_STOP on\n\n");
    }

    void bootstrap(BootstrapEntry e) {
        out.append("-- bootstrap ").append(e.name()).append('\n');
        out.append("BEGIN;\n");
        out.append(e.sql().strip()).append('\n');
        out.append(DryRunRecords.recordBootstrap(e.name())).append(";\n");
        out.append("COMMIT;\n\n");
    }

    void script(PendingScript p, StoredChecksum record) {
        if (p.script().runsWithPsql()) {
            psqlScript(p, record);
            return;
        }
        boolean managed = !options.lockTimeout().isZero() && !p.managesLockTimeout();
        String lockTimeout = options.lockTimeout().toMillis() + "ms";
        out.append("-- ")
                .append(p.name())
                .append(" (transaction = ")
                .append(p.script().mode().name().toLowerCase(Locale.ROOT))
                .append(")\n");
        out.append("DISCARD ALL;\n");
        switch (p.script().mode()) {
            case SINGLE -> {
                out.append("BEGIN;\n");
                if (managed) {
                    out.append("SET LOCAL lock_timeout = '").append(lockTimeout).append("';\n");
                }
                units(p);
                out.append(DryRunRecords.recordApplied(record)).append(";\n");
                out.append("COMMIT;\n\n");
            }
            case NONE -> {
                if (managed) {
                    out.append("SET lock_timeout = '").append(lockTimeout).append("';\n");
                }
                units(p);
                out.append("BEGIN;\n");
                out.append(DryRunRecords.recordApplied(record)).append(";\n");
                out.append("COMMIT;\n\n");
            }
        }
    }

    /** A {@code sem.executor = psql} script: what psql reads on its standard input, which includes the file. */
    private void psqlScript(PendingScript p, StoredChecksum record) {
        out.append("-- ")
                .append(p.name())
                .append(" (transaction = ")
                .append(p.script().mode().name().toLowerCase(Locale.ROOT))
                .append(", run by psql: sem.executor = psql)\n");
        out.append("DISCARD ALL;\n");
        out.append(PsqlExecutor.input(p, PsqlExecutor.file(baseDir, p.name()), record, options));
        if (p.script().mode() == TransactionMode.NONE) {
            out.append("BEGIN;\n");
            out.append(DryRunRecords.recordApplied(record)).append(";\n");
            out.append("COMMIT;\n");
        }
        out.append('\n');
    }

    void baseline(StoredChecksum record) {
        out.append("-- baseline ").append(record.filename()).append('\n');
        out.append(DryRunRecords.recordApplied(record)).append(";\n\n");
    }

    void version(String version) {
        out.append("-- VERSION\n").append(DryRunRecords.recordVersion(version)).append(";\n");
    }

    private void units(PendingScript p) {
        int index = 0;
        for (Unit u : p.script().parsed().units()) {
            if (u instanceof Echo e) {
                out.append("\\echo ").append(e.text()).append('\n');
                continue;
            }
            SqlStatement s = (SqlStatement) u;
            if (p.completed(++index)) {
                out.append("-- statement ")
                        .append(index)
                        .append(" (line ")
                        .append(s.line())
                        .append(") was already applied by an interrupted run; apply resumes after it\n");
                continue;
            }
            String sql = s.sql();
            int lastNewline = sql.lastIndexOf('\n');
            boolean endsInComment = sql.substring(lastNewline + 1).contains("--");
            out.append(sql).append(endsInComment ? "\n;" : ";").append('\n');
            if (s.copyFile() != null) {
                out.append(s.copyFile()).append("\\.\n");
            } else if (s.copyData() != null) {
                out.append(s.copyData());
                if (!s.copyData().isEmpty() && !s.copyData().endsWith("\n")) {
                    out.append('\n');
                }
                out.append("\\.\n");
            }
        }
    }

    DryRunSql sql() {
        return out.build();
    }
}
