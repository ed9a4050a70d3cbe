package dev.sem.maven;

import java.util.List;

import dev.sem.SemException;
import dev.sem.fleet.Selection;
import dev.sem.fleet.Shard;
import dev.sem.fleet.Target;
import dev.sem.fleet.TargetFile;
import dev.sem.fleet.TargetsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetTargetsTest {

    private static FleetTarget target(String name, String host, Integer port, String env) {
        FleetTarget t = new FleetTarget();
        t.uniqueName = name;
        t.host = host;
        t.port = port;
        t.dbname = "shop";
        t.environment = env;
        t.product = "shop";
        return t;
    }

    @Test
    void targetsDeclaredInThePomAreOneListSetValidatedAsAFile() {
        TargetFile file = TargetFile.parse(
                "pom.xml <targets>",
                FleetTargets.pomTargets(
                        List.of(target("eu-1", "db1", null, "prod"), target("us-1", "db2", 6432, "qa"))));
        List<Target> prod = file.select(Selection.of("prod", "shop"), s -> null);
        assertThat(prod).containsExactly(new Target("eu-1", "db1", 5432, "shop", "prod", "shop", "pom"));

        assertThatThrownBy(() -> TargetFile.parse(
                        "pom.xml <targets>", FleetTargets.pomTargets(List.of(target("eu-1", null, null, "prod")))))
                .isInstanceOf(TargetsException.class)
                .hasMessage("pom.xml <targets>: connection set \"pom\", payload[0]: no host; give \"host\", such as"
                        + " \"db1.example.com\"");
    }

    @Test
    void theShardComesFromTheFlagOrFromAKubernetesJobIndex() {
        assertThat(FleetTargets.shard("2/3", null, null)).isEqualTo(new Shard(2, 3));
        assertThat(FleetTargets.shard(null, 4, "0")).isEqualTo(new Shard(1, 4));
        assertThat(FleetTargets.shard(null, 4, "3")).isEqualTo(new Shard(4, 4));
        assertThat(FleetTargets.shard(null, null, "3")).isNull();
        assertThatThrownBy(() -> FleetTargets.shard(null, 4, null))
                .isInstanceOf(SemException.class)
                .hasMessage("-Dsem.shardCount=4 takes the shard index from JOB_COMPLETION_INDEX (a Kubernetes Indexed"
                        + " Job), which is not set; outside such a job give -Dsem.shard=i/n");
        assertThatThrownBy(() -> FleetTargets.shard("0/3", null, null))
                .isInstanceOf(SemException.class)
                .hasMessage("-Dsem.shard 0/3: use i/n with 1 <= i <= n, such as 1/3");
        assertThatThrownBy(() -> FleetTargets.shard("1/3", 3, "0"))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("Give either -Dsem.shard=i/n or -Dsem.shardCount=n");
    }
}
