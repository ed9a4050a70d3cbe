package dev.sem.testing;

import dev.sem.Option;
import dev.sem.SemException;
import org.assertj.core.api.ThrowingConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the options an engine error suggests setting (its message names them by engine key only). */
public final class Remedies {

    private Remedies() {}

    /** The error is a {@link SemException} whose message names exactly {@code options}. */
    public static ThrowingConsumer<Throwable> suggests(Option... options) {
        return e -> {
            assertThat(e).isInstanceOf(SemException.class).hasMessageNotContaining("-Dsem.");
            assertThat(((SemException) e).message().options()).containsExactlyInAnyOrder(options);
        };
    }
}
