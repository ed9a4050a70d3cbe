package dev.sem.maven;

import java.io.File;
import java.time.Duration;
import java.util.List;

import dev.sem.pkg.DeployMode;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.PackageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parameter mapping of {@code sem:deploy-package}: before connecting, nothing else. */
class DeployPackageMojoTest {

    private static DeployPackageMojo mojo() {
        DeployPackageMojo m = new DeployPackageMojo(null, null);
        m.mode = "safe";
        m.lockTimeout = 2000;
        m.lockRetries = 8;
        m.lockWait = 60;
        return m;
    }

    @Test
    void parametersMapOntoTheDeployOptions() {
        DeployPackageMojo m = mojo();
        m.mode = "Moderate";
        m.owner = " Ops Team ";
        m.usage = List.of("app, reporting");
        m.files = List.of("functions/a.sql,functions/b.sql");
        m.vcsRef = "abc123";
        m.issueRef = "OPS-1";
        m.rerunTableScripts = List.of("tables/1.sql");
        m.grantViews = true;
        m.dryRun = true;
        DeployOptions o = m.options();
        assertThat(o.mode()).isEqualTo(DeployMode.MODERATE);
        assertThat(o.owner()).isEqualTo("Ops Team");
        assertThat(o.usage()).containsExactly("app", "reporting");
        assertThat(o.files()).containsExactly("functions/a.sql", "functions/b.sql");
        assertThat(o.vcsRef()).isEqualTo("abc123");
        assertThat(o.issueRef()).isEqualTo("OPS-1");
        assertThat(o.rerunTableScripts()).containsExactly("tables/1.sql");
        assertThat(o.grantViews()).isTrue();
        assertThat(o.dryRun()).isTrue();
        assertThat(o.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.lockRetries()).isEqualTo(8);
    }

    @Test
    void anUnknownModeAddConfigAndSemDirAreRejectedBeforeConnecting() {
        DeployPackageMojo m = mojo();
        m.mode = "foo";
        assertThatThrownBy(m::options).isInstanceOf(PackageException.class).hasMessageContaining("Unknown deploy mode");
        DeployPackageMojo a = mojo();
        a.addConfig = "extra.json";
        assertThatThrownBy(a::options).hasMessageContaining("-Dsem.addConfig is not supported");
        DeployPackageMojo d = mojo();
        d.dir = new File("dist");
        assertThatThrownBy(d::options).hasMessageContaining("-Dsem.package");
    }

    @Test
    void threePartCoordinatesNameThePackageTarball() {
        assertThat(DeployPackageMojo.coordinates("com.example:orders-api:1.2.0").toString())
                .isEqualTo("com.example:orders-api:tar.gz:1.2.0");
    }
}
