package dev.sem.maven;

import dev.sem.git.ReleaseTag;

/** The values of the release parameters of {@code sem:info} and {@code sem:tag}, spelt as users type them. */
public final class ReleaseChoices {

    private ReleaseChoices() {}

    /** {@code sem.next}: which number of the highest release tag the next tag increments. */
    public enum Next {
        micro(ReleaseTag.Component.MICRO),
        minor(ReleaseTag.Component.MINOR),
        major(ReleaseTag.Component.MAJOR);

        private final ReleaseTag.Component engine;

        Next(ReleaseTag.Component engine) {
            this.engine = engine;
        }

        ReleaseTag.Component engine() {
            return engine;
        }
    }

    /**
     * {@code sem.info}: the one value {@code sem:info} prints on standard output, bare, so that
     * {@code $(mvn -q sem:info -Dsem.info=latest)} captures it ({@code all}, the default, logs everything instead).
     */
    public enum Info {
        /** Everything that applies, as log lines. */
        all,
        /** The highest release tag, {@code 0.0.0} when there is none (sem-info tag latest). */
        latest,
        /** The next release tag for {@code sem.next} (sem-info tag next). */
        next,
        /** {@code true} when {@code sem.tag} exists; the goal fails when it does not (sem-info tag exists). */
        exists,
        /** This plugin's version (sem-info version). */
        version,
        /** The database's deployed version; nothing when none is recorded (sem-info db version). */
        deployed,
        /** The database's applied scripts, one name a line (sem-info db scripts). */
        scripts
    }
}
