package dev.sem.maven;

import java.io.File;

import dev.sem.EngineLog;
import dev.sem.InvalidOptionException;
import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.report.JsonReports;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of every sem goal: handles {@code sem.skip}, the JSON report, and turns engine errors into one clear Maven
 * error (a user's mistake is a build failure without a stack trace; an environment problem is a build error).
 */
public abstract class AbstractSemMojo extends AbstractMojo {

    /**
     * Skip this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Write a JSON report of what the goal did to this file.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.report")
    protected File report;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping sem:" + goal() + " (sem.skip=true)");
            return;
        }
        try {
            doExecute();
        } catch (InvalidOptionException e) {
            getLog().debug("sem:" + goal() + " failed", e);
            throw new MojoFailureException(e.getMessage() + " (" + howToSet(e.option()) + ")");
        } catch (SemException e) {
            // The message is complete on its own (file, line, server message, what to do). Maven would append every
            // cause's message to the error line, so the cause goes to the debug log (-X) instead. Options the message
            // suggests setting are spelled as the flags that set them.
            getLog().debug("sem:" + goal() + " failed", e);
            String message = OptionFlags.render(e.message());
            if (e.isUserError()) {
                throw new MojoFailureException(message);
            }
            throw new MojoExecutionException(message);
        }
    }

    /** How a user sets the engine's option: the parameter (user property) that maps to it. */
    static String howToSet(String option) {
        return switch (option) {
            case "url" -> "give either -Dsem.url or -Dsem.host/-Dsem.port/-Dsem.name";
            case "acceptReason" -> "add -Dsem.acceptReason=\"why the changed script is acceptable\"";
            case "lintRules" -> "check <lintRules> and -Dsem.lint.rules";
            default -> "set -Dsem." + option;
        };
    }

    /** The goal's name, for messages. */
    protected abstract String goal();

    protected abstract void doExecute() throws MojoExecutionException, MojoFailureException;

    /** Writes {@code content} as the JSON report when {@code -Dsem.report} is set. */
    protected void writeReport(Object content) {
        if (report != null && content != null) {
            JsonReports.write(report.toPath(), content);
            getLog().info("Report written to " + report);
        }
    }

    /** The engine's log, printed through Maven's. */
    protected EngineLog engineLog() {
        return new EngineLog() {
            @Override
            public void info(String line) {
                getLog().info(line);
            }

            @Override
            public void warn(String line) {
                getLog().warn(line);
            }

            @Override
            public void warn(Message line) {
                getLog().warn(OptionFlags.render(line));
            }

            @Override
            public void error(String line) {
                getLog().error(line);
            }

            @Override
            public void debug(String line) {
                getLog().debug(line);
            }
        };
    }
}
