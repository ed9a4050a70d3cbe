package dev.sem.maven;

import java.util.HashMap;
import java.util.Map;

import dev.sem.script.ScriptReader;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Parameters shared by the goals that check scripts without a database of the user's ({@code validate},
 * {@code verify}): how scripts are read and the {@code lock_timeout} sem manages.
 */
public abstract class AbstractScriptsMojo extends AbstractSemMojo {

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
     * The {@code lock_timeout} sem sets for every transaction and autocommit statement, in milliseconds; 0 leaves it
     * to the database. A script that sets lock_timeout itself is not managed. {@code sem:validate} uses it to tell
     * whether sem manages lock_timeout (0: it does not, so {@code require-lock-timeout} flags every strong-lock
     * statement without a SET lock_timeout).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lockTimeout", defaultValue = "2000")
    protected int lockTimeout;

    /** The Maven session (set by Maven): the user properties {@code -Dsem.set.NAME=value}. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** How scripts are read: encoding, strictness and the psql variables. */
    protected ScriptReader.Options readOptions() {
        return new ScriptReader.Options(ScriptReader.Options.charset(encoding), strict, scriptVariables());
    }

    /** The configured variables, then every {@code -Dsem.set.NAME=value}. */
    protected Map<String, String> scriptVariables() {
        return ScriptVariables.of(variables, session);
    }
}
