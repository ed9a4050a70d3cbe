package dev.sem.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardTest {

    private static List<Target> fleet(int from, int to) {
        List<Target> targets = new ArrayList<>();
        for (int i = from; i < to; i++) {
            targets.add(new Target("db-" + i, "host" + (i % 4), 5432, "shop" + i, "prod", "shop", "s"));
        }
        return targets;
    }

    private static Map<Target, Integer> assign(List<Target> targets, int count) {
        Map<Target, Integer> shardOf = new HashMap<>();
        for (Target t : targets) {
            int owners = 0;
            for (int i = 1; i <= count; i++) {
                if (new Shard(i, count).contains(t)) {
                    owners++;
                    shardOf.put(t, i);
                }
            }
            assertThat(owners).as("shards containing %s", t.label()).isEqualTo(1);
        }
        return shardOf;
    }

    @Test
    void shardsPartitionTheFleetExactlyOnce() {
        List<Target> targets = fleet(0, 30);
        Map<Target, Integer> shardOf = assign(targets, 3);

        assertThat(shardOf).hasSize(30);
        // Each of the three shards gets some of the 30 targets.
        assertThat(shardOf.values()).contains(1, 2, 3);
    }

    @Test
    void addingTargetsAtTheEndOrInTheMiddleMovesNone() {
        List<Target> before = fleet(0, 24);
        Map<Target, Integer> old = assign(before, 3);

        List<Target> after = new ArrayList<>(before);
        after.addAll(fleet(100, 110));
        after.addAll(12, fleet(200, 210));
        after.add(0, new Target(null, "new-host", 5433, "extra", null, null, "other"));
        Map<Target, Integer> now = assign(after, 3);

        for (Target t : before) {
            assertThat(now.get(t)).as("shard of %s", t.label()).isEqualTo(old.get(t));
        }
    }

    @Test
    void identityIsTheUniqueNameElseTheAddress() {
        Target named = new Target("db-1", "h", 5432, "d", null, null, "a");
        Target movedHost = new Target("db-1", "elsewhere", 6000, "d2", "prod", "shop", "b");
        for (int count = 1; count <= 7; count++) {
            for (int i = 1; i <= count; i++) {
                Shard shard = new Shard(i, count);
                assertThat(shard.contains(movedHost)).isEqualTo(shard.contains(named));
            }
        }
        assertThat(Shard.identity(new Target(null, "h", 5432, "d", null, null, "a")))
                .isEqualTo("h:5432/d");
        assertThat(Shard.identity(named)).isEqualTo("db-1");
    }

    /**
     * The assignment is pinned (first 8 bytes of SHA-256, big-endian, floorMod n; values computed independently with
     * Python's hashlib): changing it would move targets between the runners of an existing pipeline.
     */
    @Test
    void assignmentIsPinned() {
        Map<String, int[]> expected = Map.of(
                "db-1", new int[] {1, 3},
                "db-2", new int[] {1, 3},
                "shop-eu", new int[] {1, 5},
                "alpha", new int[] {2, 4},
                "beta", new int[] {3, 5});
        expected.forEach((name, shards) -> {
            Target t = new Target(name, "h", 5432, "d", null, null, "s");
            assertThat(shardOf(t, 3)).as("%s of 3", name).isEqualTo(shards[0]);
            assertThat(shardOf(t, 5)).as("%s of 5", name).isEqualTo(shards[1]);
        });
        assertThat(shardOf(new Target(null, "h", 5432, "d", null, null, "s"), 3))
                .isEqualTo(2);
    }

    private static int shardOf(Target t, int count) {
        for (int i = 1; i <= count; i++) {
            if (new Shard(i, count).contains(t)) {
                return i;
            }
        }
        throw new AssertionError("no shard of " + count + " contains " + t);
    }

    @Test
    void oneShardHoldsEverything() {
        assertThat(fleet(0, 20)).allMatch(new Shard(1, 1)::contains);
    }

    @Test
    void parsesIndexSlashCount() {
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        assertThat(Shard.parse(" 1 / 1 ")).isEqualTo(new Shard(1, 1));
        assertThat(Shard.parse("3/3")).hasToString("3/3");
    }

    @Test
    void parseErrors() {
        for (String text : List.of("0/3", "4/3", "1/0", "0/0", "a/3", "1/", "/3", "1-3", "2", "-1/3", "1/3/4")) {
            assertThatThrownBy(() -> Shard.parse(text))
                    .isInstanceOf(TargetsException.class)
                    .hasMessage("shard " + text + ": use i/n with 1 <= i <= n, such as 1/3");
        }
        assertThatThrownBy(() -> Shard.parse("")).hasMessage("shard (empty): use i/n with 1 <= i <= n, such as 1/3");
        assertThatThrownBy(() -> Shard.parse(null)).hasMessage("shard (empty): use i/n with 1 <= i <= n, such as 1/3");
        assertThatThrownBy(() -> new Shard(0, 3))
                .isInstanceOf(TargetsException.class)
                .hasMessage("shard 0/3: use i/n with 1 <= i <= n, such as 1/3");
    }

    @Test
    void fromZeroBasedIndex() {
        assertThat(Shard.fromIndex(0, 3)).isEqualTo(new Shard(1, 3));
        assertThat(Shard.fromIndex(2, 3)).isEqualTo(new Shard(3, 3));
        assertThatThrownBy(() -> Shard.fromIndex(3, 3))
                .isInstanceOf(TargetsException.class)
                .hasMessage("shard index 3 of 3 (counted from 0): use an index from 0 to 2");
        assertThatThrownBy(() -> Shard.fromIndex(-1, 3))
                .hasMessage("shard index -1 of 3 (counted from 0): use an index from 0 to 2");
        assertThatThrownBy(() -> Shard.fromIndex(0, 0)).hasMessage("shard count 0: use at least 1");
    }
}
