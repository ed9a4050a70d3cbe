package dev.sem.maven;

import java.io.File;
import java.time.Duration;
import java.util.List;

import dev.sem.SemException;
import dev.sem.pkg.DeployMode;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.PackageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
        assertThat(printed(a))
                .isEqualTo("-Dsem.addConfig is not supported (pgpm ignored --add-config silently): merge the overlay"
                        + " into config.json, or deploy another package directory");
        DeployPackageMojo d = mojo();
        d.dir = new File("dist");
        assertThat(printed(d))
                .isEqualTo("-Dsem.dir names a sem distribution; give the package directory (the one holding"
                        + " config.json) with -Dsem.package");
    }

    @Test
    void negativeLockAndStatementTimeoutsAreRejectedBeforeConnecting() {
        DeployPackageMojo t = mojo();
        t.lockTimeout = -1;
        DeployPackageMojo r = mojo();
        r.lockRetries = -1;
        DeployPackageMojo w = mojo();
        w.lockWait = -1;
        DeployPackageMojo s = mojo();
        s.statementTimeout = -1;
        for (DeployPackageMojo m : List.of(t, r, w, s)) {
            assertThat(printed(m))
                    .isEqualTo("-Dsem.lockTimeout, -Dsem.lockRetries, -Dsem.lockWait and -Dsem.statementTimeout"
                            + " must not be negative");
        }
    }

    /** The line Maven prints when {@link DeployPackageMojo#options()} refuses the parameters. */
    private static String printed(DeployPackageMojo m) {
        Throwable e = catchThrowable(m::options);
        assertThat(e).isInstanceOf(PackageException.class);
        return OptionFlags.render(((SemException) e).message());
    }

    @Test
    void threePartCoordinatesNameThePackageArtifact() {
        assertThat(DeployPackageMojo.coordinates("com.example:orders-api:1.2.0").toString())
                .isEqualTo("com.example:orders-api:tar.gz:package:1.2.0");
        assertThat(DeployPackageMojo.coordinates("com.example:orders-api:tar.gz:1.2.0")
                        .toString())
                .isEqualTo("com.example:orders-api:tar.gz:1.2.0");
    }
}
