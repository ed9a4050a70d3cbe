package dev.sem.maven;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

import dev.sem.apply.ApplyOptions;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Base of the goals that compare a schema repository's scripts with a database or a fleet ({@code apply},
 * {@code status}): how scripts are read and where they come from.
 */
public abstract class AbstractDatabaseMojo extends AbstractFleetMojo {

    /**
     * Encoding of the scripts.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.encoding", defaultValue = "UTF-8")
    protected String encoding;

    /**
     * Treat near-miss attribute lines (such as {@code --sem.attribute...} without a space) as errors.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.strict", defaultValue = "false")
    protected boolean strict;

    /**
     * psql variables for the scripts ({@code :name}, {@code :'name'}, {@code :"name"}). Also given one by one as
     * {@code -Dsem.set.NAME=value}.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> variables = new HashMap<>();

    /**
     * An unpacked distribution directory (containing {@code scripts/} and optionally {@code VERSION}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.dir")
    protected File dir;

    /**
     * A distribution tarball ({@code .tar.gz}) to apply.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.tarball")
    protected File tarball;

    /**
     * Maven coordinates of a distribution, {@code groupId:artifactId:version}, resolved from the configured
     * repositories.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.artifact")
    protected String artifact;

    private final SemArtifactResolver artifactResolver;

    protected AbstractDatabaseMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter);
        this.artifactResolver = artifactResolver;
    }

    /** Where the scripts come from: a directory, a tarball, coordinates, or the project's base directory. */
    protected ScriptSource scriptSource() {
        return ScriptSources.of(dir, tarball, artifact, artifactResolver, session);
    }

    /** The options every goal reads scripts with: encoding, strictness, variables, the artifact, the actor. */
    protected ApplyOptions scriptOptions(String artifactCoordinates) {
        return ScriptSources.options(encoding, strict, ScriptVariables.of(variables, session), artifactCoordinates);
    }
}
