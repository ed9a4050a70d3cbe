package dev.sem.pkg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.sql.SqlStatement;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The order {@link TypeOrder} computes runs on a real PostgreSQL: type files written in the "wrong" file order deploy
 * without a single failing statement (pgpm spec §9; defects 29 and 30 on the server).
 */
@ExtendWith(TestPostgres.class)
class TypeOrderServerTest {

    @TempDir
    Path dir;

    @Test
    void typesInReverseFileOrderDeployInDependencyOrder(TestDatabase db) throws SQLException {
        PackageTree tree = new PackageTree(dir)
                .config("\"types_path\": \"types\"")
                .file("types/0_ab.sql", "create type a as (b int);\ncreate type b as (a text);")
                .file(
                        "types/1_order.sql",
                        "drop type if exists \"Order\" cascade;\n"
                                + "create type \"Order\" as (id bigint, lines line_item[], total amount, during period);")
                .file("types/2_line.sql", "create type line_item as (sku sku_code, qty int);")
                .file(
                        "types/3_domains.sql",
                        "create domain amount as numeric(12, 2)"
                                + " check (value >= 0::amount_floor);\n"
                                + "create domain sku_code text check (value ~ '^[A-Z]+$' and length(value)::int > 0);\n"
                                + "create domain amount_floor as numeric;")
                .file(
                        "types/4_range.sql",
                        "create type period as range (subtype = day);\n"
                                + "create domain day as date;\n"
                                + "comment on type period is 'a range over the day domain';")
                .file("types/5_f.sql", "create function sxt_len(x s.t) returns int language sql as 'select 1';")
                .file("types/6_st.sql", "create type s.t as (a sxt);\ncreate type sxt as (a int);");
        LoadedPackage pkg = tree.load();
        List<SqlStatement> ordered = TypeOrder.order(pkg).statements();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("create schema shop_1_0_0");
            st.execute("create schema s");
            st.execute("set search_path = shop_1_0_0, public");
            for (SqlStatement s : ordered) {
                st.execute(s.sql());
            }
            c.commit();
            List<String> types = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select n.nspname || '.' || t.typname from pg_type t"
                    + " join pg_namespace n on n.oid = t.typnamespace where n.nspname in ('shop_1_0_0', 's')"
                    + " and (t.typtype in ('d', 'r') or exists (select 1 from pg_class r where r.oid = t.typrelid"
                    + " and r.relkind = 'c'))")) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
            assertEquals(
                    List.of(
                            "s.t",
                            "shop_1_0_0.Order",
                            "shop_1_0_0.a",
                            "shop_1_0_0.amount",
                            "shop_1_0_0.amount_floor",
                            "shop_1_0_0.b",
                            "shop_1_0_0.day",
                            "shop_1_0_0.line_item",
                            "shop_1_0_0.period",
                            "shop_1_0_0.sku_code",
                            "shop_1_0_0.sxt"),
                    types.stream().sorted().toList());
        }
    }
}
