package dev.sem.maven;

import java.io.Console;
import java.util.Arrays;
import java.util.Optional;

import dev.sem.db.ConnectionSettings;
import dev.sem.db.PasswordPrompt;
import org.apache.maven.execution.MavenSession;

/**
 * Asks for a database password on the console, without echo, when Maven runs interactively (not {@code -B}) and the
 * server requests a password that no source gave (sem (Ruby)'s {@code --password}). The password is never logged.
 */
final class ConsolePasswordPrompt implements PasswordPrompt {

    private final Console console;

    private ConsolePasswordPrompt(Console console) {
        this.console = console;
    }

    /**
     * Gives {@code builder} a prompt when someone can answer it, else the reason why not, for the error message.
     */
    static void configure(ConnectionSettings.Builder builder, MavenSession session) {
        boolean interactive = session != null
                && (session.getRequest() != null
                        ? session.getRequest().isInteractiveMode()
                        : session.getSettings() != null && session.getSettings().isInteractiveMode());
        Console console = System.console();
        if (!interactive) {
            builder.noPasswordPrompt(
                    "Maven runs in batch mode (-B), so sem cannot ask for it; run without -B at a terminal to be asked");
        } else if (console == null) {
            builder.noPasswordPrompt("there is no terminal to ask for it on");
        } else {
            builder.passwordPrompt(new ConsolePasswordPrompt(console));
        }
    }

    @Override
    public Optional<String> ask(String target) {
        char[] typed = console.readPassword("Password for %s: ", target);
        if (typed == null || typed.length == 0) {
            return Optional.empty();
        }
        String password = new String(typed);
        Arrays.fill(typed, '\0');
        return Optional.of(password);
    }
}
