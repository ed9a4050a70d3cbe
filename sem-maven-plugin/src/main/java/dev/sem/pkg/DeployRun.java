package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.Option;

/**
 * One attempt of a deploy on an open connection, after the lock, the preamble and the registry: the checks and the plan
 * ({@link #plan()}), then §6.3 steps 2–9 ({@link #execute}). The caller owns the transaction.
 */
final class DeployRun {

    /**
     * The plan and what executing it needs.
     *
     * @param plan what will happen
     * @param current the package's current registry row, or null
     * @param direct the resolved direct dependencies
     * @param newInstance whether the schema is (re)created, so that all table scripts run
     * @param grants the grants to apply, or null
     */
    record Planned(
            DeployPlan plan,
            RegistryState.Row current,
            List<DeployPlan.ResolvedDependency> direct,
            boolean newInstance,
            Grants grants) {}

    /**
     * What an execution did.
     *
     * @param files every file's outcome
     * @param packageId the registry row
     * @param eventId the deployment event
     */
    record Executed(List<DeployResult.FileOutcome> files, long packageId, long eventId) {}

    private final Connection c;
    private final LoadedPackage pkg;
    private final PackageDescriptor d;
    private final DeployOptions o;
    private final DeployValidation.Prepared prepared;
    private final EngineLog log;
    private final List<Message> warnings;
    private final List<String> committed;
    private final BlockerSampler blockers;

    DeployRun(
            Connection c,
            LoadedPackage pkg,
            DeployOptions o,
            DeployValidation.Prepared prepared,
            EngineLog log,
            List<Message> warnings,
            List<String> committed,
            BlockerSampler blockers) {
        this.blockers = blockers;
        this.c = c;
        this.pkg = pkg;
        this.d = pkg.descriptor();
        this.o = o;
        this.prepared = prepared;
        this.log = log;
        this.warnings = warnings;
        this.committed = committed;
    }

    /** The checks of §6.1 that need the database, and the plan. Changes nothing. */
    Planned plan() throws SQLException {
        List<DeployPlan.ResolvedDependency> deps = RegistryState.resolve(c, d);
        String owner = o.owner() != null ? o.owner() : d.ownerRole();
        List<String> usage = o.usage() != null ? o.usage() : d.usageRoles();
        List<String> roles = new ArrayList<>(usage);
        if (owner != null) {
            roles.add(0, owner);
        }
        RegistryState.requireRoles(c, roles);
        RegistryState.Row current = RegistryState.current(c, d);
        RegistryState.refuseSecondSpelling(d, current);
        String schema = d.schemaName();
        DeployPlan.SchemaAction action = schemaAction(schema);
        String renamedTo =
                action == DeployPlan.SchemaAction.RENAME_AND_CREATE ? SchemaOps.freeRevision(c, schema) : null;
        List<String> victims =
                action == DeployPlan.SchemaAction.DROP_AND_CREATE ? SchemaOps.cascadeVictims(c, schema) : List.of();
        if (!victims.isEmpty() && !o.allowCascadeOutside()) {
            Message msg = Message.text("DROP SCHEMA " + schema
                            + " CASCADE (unsafe mode) would also drop objects outside the schema: "
                            + String.join(", ", victims) + "; remove the dependency, or allow it explicitly (")
                    .then(Option.ALLOW_CASCADE_OUTSIDE, "true")
                    .then(")");
            if (!o.dryRun()) {
                throw new PackageException(msg);
            }
            warnings.add(msg);
        }
        boolean newInstance = action != DeployPlan.SchemaAction.KEEP && action != DeployPlan.SchemaAction.NONE
                || (action == DeployPlan.SchemaAction.KEEP && current == null);
        Map<String, String> logged = newInstance ? Map.of() : TableScripts.logged(c, d.name(), tableInstance(current));
        List<DeployPlan.PlannedFile> files = plannedFiles(logged);
        boolean privileges = !o.singleFile() && o.mode() != DeployMode.OVERWRITE && d.scope() == Scope.SCHEMA;
        Grants grants = privileges
                ? new Grants(
                        schema,
                        owner,
                        usage,
                        o.grantViews(),
                        o.grantTypes(),
                        o.grantSequences(),
                        o.defaultPrivileges(),
                        o.revokeTypeUsage())
                : null;
        List<DeployPlan.ResolvedDependency> direct =
                deps.stream().filter(r -> r.requiredBy().equals(d.name())).toList();
        DeployPlan plan = new DeployPlan(
                d.name(),
                d.version().text(),
                schema,
                o.mode(),
                o.singleFile(),
                action,
                renamedTo,
                deps,
                files,
                grants == null ? List.of() : grants.describe(),
                victims);
        return new Planned(plan, current, direct, newInstance, grants);
    }

    private DeployPlan.SchemaAction schemaAction(String schema) throws SQLException {
        if (schema == null) {
            return DeployPlan.SchemaAction.NONE;
        }
        boolean exists = Sql.schemaExists(c, schema);
        if (o.singleFile()) {
            if (!exists) {
                throw new PackageException(Message.text("Can't deploy scripts to schema " + schema
                                + ": the schema doesn't exist in the database; deploy the whole package first"
                                + " (without ")
                        .then(Option.FILES)
                        .then(")"));
            }
            return DeployPlan.SchemaAction.KEEP;
        }
        if (!exists) {
            return DeployPlan.SchemaAction.CREATE;
        }
        return switch (o.mode()) {
            case SAFE ->
                throw new PackageException(Message.text("Schema " + schema
                                + " already exists. It won't be overridden in safe mode. Run again with ")
                        .then(Option.MODE, "moderate")
                        .then(", ")
                        .then(Option.MODE, "overwrite")
                        .then(" or ")
                        .then(Option.MODE, "unsafe"));
            case MODERATE -> DeployPlan.SchemaAction.RENAME_AND_CREATE;
            case UNSAFE -> DeployPlan.SchemaAction.DROP_AND_CREATE;
            case OVERWRITE -> DeployPlan.SchemaAction.KEEP;
        };
    }

    private long tableInstance(RegistryState.Row current) {
        if (d.scope() == Scope.DATABASE) {
            return TableScripts.DATABASE_INSTANCE;
        }
        return current == null ? -1 : current.schemaInstance();
    }

    private List<DeployPlan.PlannedFile> plannedFiles(Map<String, String> logged) {
        List<DeployPlan.PlannedFile> out = new ArrayList<>();
        for (Category cat : Category.values()) {
            List<PackageFile> files =
                    prepared.files().stream().filter(f -> f.category() == cat).toList();
            if (cat == Category.TABLES) {
                out.addAll(TableScripts.plan(files, logged, o, warnings));
            } else {
                files.forEach(f -> out.add(new DeployPlan.PlannedFile(cat, f.path(), true, null)));
            }
        }
        return out;
    }

    /** §6.3 steps 2–9. */
    Executed execute(Planned p) throws SQLException {
        DeployPlan plan = p.plan();
        RegistryState.Row current = p.current();
        String schema = plan.schema();
        switch (plan.schemaAction()) {
            case CREATE -> SchemaOps.create(c, schema);
            case RENAME_AND_CREATE -> {
                SchemaOps.rename(c, schema, plan.renamedTo());
                if (current != null) {
                    DeployRecorder.markRenamed(
                            c,
                            current,
                            d.name(),
                            SchemaOps.revisionNumber(schema, plan.renamedTo()),
                            plan.renamedTo(),
                            o);
                    current = null;
                } else {
                    warnings.add(Message.text("Schema " + schema + " had no registry row; it was renamed to "
                            + plan.renamedTo() + " without a registry record"));
                }
                SchemaOps.create(c, schema);
            }
            case DROP_AND_CREATE -> {
                SchemaOps.dropCascade(c, schema);
                SchemaOps.create(c, schema);
            }
            case KEEP, NONE -> {}
        }
        long rowInstance =
                p.newInstance() || current == null ? DeployRecorder.newInstance(c) : current.schemaInstance();
        long tableInstance = d.scope() == Scope.DATABASE ? TableScripts.DATABASE_INSTANCE : rowInstance;
        List<DeployResult.FileOutcome> outcomes = runFiles(plan);
        if (schema != null && !c.getAutoCommit()) {
            for (String outside : SchemaOps.changedOutside(c, schema)) {
                warnings.add(Message.text("The deploy created or altered " + outside + " outside schema " + schema
                        + "; grants and owner of §13 do not cover it"));
            }
        }
        if (c.getAutoCommit()) {
            c.setAutoCommit(false); // auto-commit deploys: the bookkeeping in one short transaction (§6.5)
        }
        if (p.grants() != null) {
            p.grants().apply(c);
        }
        long id = DeployRecorder.upsert(c, d, schema, rowInstance, current);
        DeployRecorder.dependencies(c, id, p.direct());
        long executed =
                outcomes.stream().filter(f -> f.status().equals("executed")).count();
        long event = DeployRecorder.event(
                c, id, "deploy", o, DeployRecorder.filesJson(outcomes), executed == 0 ? "empty" : "success");
        for (DeployResult.FileOutcome f : outcomes) {
            if (f.category().equals("tables") && !f.status().equals("skipped")) {
                TableScripts.record(c, d.name(), tableInstance, file(f.path()), id, event);
            }
        }
        DeployRecorder.notify(c, event);
        return new Executed(outcomes, id, event);
    }

    private List<DeployResult.FileOutcome> runFiles(DeployPlan plan) throws SQLException {
        int toRun = (int) plan.files().stream()
                .filter(f -> f.run() && !"log only".equals(f.reason()))
                .count();
        FileExecutor exec = new FileExecutor(c, log, toRun, committed, blockers);
        List<DeployResult.FileOutcome> out = new ArrayList<>();
        List<PackageFile> types = prepared.files().stream()
                .filter(f -> f.category() == Category.TYPES)
                .toList();
        if (!types.isEmpty()) {
            searchPath(plan.schema());
            long start = System.nanoTime();
            exec.runStatements(prepared.types());
            long ms = (System.nanoTime() - start) / 1_000_000;
            for (PackageFile f : types) {
                exec.countFile(f.path(), ms);
                out.add(outcome(f, "executed", null, ms));
            }
        }
        for (DeployPlan.PlannedFile pf : plan.files()) {
            if (pf.category() == Category.TYPES) {
                continue;
            }
            PackageFile f = file(pf.path());
            if (!pf.run()) {
                out.add(outcome(f, "skipped", pf.reason(), 0));
            } else if ("log only".equals(pf.reason())) {
                out.add(outcome(f, "logged", "log only: recorded as executed without running", 0));
            } else {
                searchPath(plan.schema());
                long ms = exec.run(f.path(), f.statements());
                out.add(outcome(f, "executed", null, ms));
            }
        }
        return out;
    }

    private DeployResult.FileOutcome outcome(PackageFile f, String status, String reason, long ms) {
        int n = status.equals("executed") ? f.statements().size() : 0;
        return new DeployResult.FileOutcome(
                DeployValidation.category(f.category()), f.path(), f.sha256(), status, reason, n, ms);
    }

    private final Map<String, PackageFile> byPath = new HashMap<>();

    private PackageFile file(String path) {
        if (byPath.isEmpty()) {
            prepared.files().forEach(f -> byPath.put(f.path(), f));
        }
        return byPath.get(path);
    }

    /** {@code <schema>, public} for SCHEMA scope; the session's default for DATABASE scope (defect 36). */
    private void searchPath(String schema) throws SQLException {
        boolean local = !c.getAutoCommit();
        if (schema == null) {
            Sql.exec(c, local ? "SET LOCAL search_path TO DEFAULT" : "SET search_path TO DEFAULT");
        } else {
            Sql.execBound(
                    c, "SELECT pg_catalog.set_config('search_path', ?, ?)", Sql.ident(schema) + ", public", local);
        }
    }

    LoadedPackage pkg() {
        return pkg;
    }
}
