package dev.sem.lint;

import org.junit.jupiter.api.Test;

import static dev.sem.lint.Statements.stmt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** What CreateStatement, AlterTableStatement, DropStatement and ReindexStatement read from a statement. */
class StatementReadersTest {

    @Test
    void createReadsModifiersTablesAndIndexes() {
        CreateStatement table = CreateStatement.of(
                stmt(
                        "CREATE TEMP TABLE IF NOT EXISTS s.t (id integer, c text, PRIMARY KEY (c), CONSTRAINT k CHECK (1 > 0))"));
        assertThat(table.what).isEqualTo("table");
        assertThat(table.temp).isTrue();
        assertThat(table.table().name().text()).isEqualTo("s.t");
        assertThat(table.table().ifNotExists()).isTrue();
        assertThat(table.columns())
                .extracting(c -> c.def().name, CreateStatement.Column::key)
                .containsExactly(tuple("id", false), tuple("c", true));

        CreateStatement index = CreateStatement.of(stmt("CREATE UNIQUE INDEX CONCURRENTLY i ON ONLY s.t (c)"));
        assertThat(index.indexWords()).isEqualTo("CREATE UNIQUE INDEX");
        assertThat(index.index().name().text()).isEqualTo("i");
        assertThat(index.index().table().text()).isEqualTo("s.t");
        assertThat(index.index().concurrently()).isTrue();
        assertThat(CreateStatement.of(stmt("CREATE INDEX ON s.t (c)")).index().name())
                .isNull();

        assertThat(CreateStatement.of(stmt("CREATE OR REPLACE VIEW v AS SELECT 1")).orReplace)
                .isTrue();
        assertThat(CreateStatement.of(stmt("CREATE MATERIALIZED VIEW IF NOT EXISTS s.m AS SELECT 1"))
                        .createdTable())
                .hasValueSatisfying(n -> assertThat(n.text()).isEqualTo("s.m"));
        assertThat(CreateStatement.of(stmt("ALTER TABLE s.t ADD c int"))).isNull();
    }

    @Test
    void alterTableReadsActions() {
        Stmt s = stmt("ALTER TABLE IF EXISTS ONLY s.t * ADD COLUMN IF NOT"
                + " EXISTS c int NOT NULL, ADD CONSTRAINT k CHECK (c IS NOT NULL) NOT VALID, ALTER COLUMN d SET DATA"
                + " TYPE varchar(3) USING d::text, VALIDATE CONSTRAINT k");
        AlterTableStatement alter = AlterTableStatement.of(s);
        assertThat(alter.table.text()).isEqualTo("s.t");
        assertThat(alter.rename()).isFalse();
        assertThat(alter.actions())
                .extracting(AlterTableStatement.Action::word)
                .containsExactly("add", "add", "alter", "validate");
        AlterTableStatement.Action add = alter.actions().get(0);
        assertThat(add.column().def().name).isEqualTo("c");
        assertThat(add.column().ifNotExists()).isTrue();
        assertThat(add.constraint()).isNull();
        AlterTableStatement.Constraint k = alter.actions().get(1).constraint();
        assertThat(k.name()).isEqualTo("k");
        assertThat(k.kind()).isEqualTo("check");
        assertThat(k.notValid()).isTrue();
        assertThat(k.usingIndex()).isFalse();
        AlterTableStatement.AlteredColumn d = alter.actions().get(2).altered();
        assertThat(d.name().text()).isEqualTo("d");
        assertThat(s.snippet(d.typeStart(), d.typeEnd())).isEqualTo("varchar(3)");
        assertThat(alter.actions().get(3).validated().text()).isEqualTo("k");
        assertThat(AlterTableStatement.of(stmt("ALTER TABLE s.t ALTER c SET NOT NULL"))
                        .actions()
                        .get(0)
                        .altered())
                .satisfies(c -> assertThat(c.typeChange()).isFalse());

        AlterTableStatement rename = AlterTableStatement.of(stmt("ALTER TABLE s.t RENAME TO u"));
        assertThat(rename.rename()).isTrue();
        assertThat(rename.actions()).isEmpty();
        assertThat(rename.renamedTo())
                .hasValueSatisfying(n -> assertThat(n.text()).isEqualTo("u"));
        assertThat(AlterTableStatement.of(stmt("ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b")))
                .isNull();
    }

    @Test
    void dropAndReindex() {
        DropStatement drop = DropStatement.of(stmt("DROP MATERIALIZED VIEW IF EXISTS s.a, b CASCADE"));
        assertThat(drop.what).isEqualTo("materialized");
        assertThat(drop.object()).isEqualTo("MATERIALIZED VIEW");
        assertThat(drop.ifExists).isTrue();
        assertThat(drop.names).extracting(Stmt.Name::text).containsExactly("s.a", "b");
        assertThat(DropStatement.of(stmt("DROP TRIGGER t ON s.x")).onTable().text())
                .isEqualTo("s.x");
        assertThat(DropStatement.of(stmt("DROP OWNED BY bob"))).isNull();

        ReindexStatement reindex = ReindexStatement.of(stmt("REINDEX (VERBOSE, CONCURRENTLY) TABLE s.t"));
        assertThat(reindex.target()).isEqualTo("table");
        assertThat(reindex.name().text()).isEqualTo("s.t");
        assertThat(reindex.concurrently()).isTrue();
        assertThat(ReindexStatement.of(stmt("REINDEX (CONCURRENTLY off) INDEX i"))
                        .concurrently())
                .isFalse();
        assertThat(ReindexStatement.of(stmt("REINDEX SYSTEM db"))).isNull();
    }
}
