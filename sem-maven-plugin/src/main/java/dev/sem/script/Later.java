package dev.sem.script;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A checksum that is known, or is being computed on a thread of its own (the checksums of a large script, while sem
 * goes on: its lines are split meanwhile, its COPY data sent). {@link #get()} waits for it.
 */
final class Later {

    private final CompletableFuture<String> value;

    private Later(CompletableFuture<String> value) {
        this.value = value;
    }

    static Later of(String value) {
        return new Later(CompletableFuture.completedFuture(value));
    }

    /** Starts {@code task} on a daemon thread named {@code name}. */
    static Later compute(String name, Supplier<String> task) {
        return new Later(CompletableFuture.supplyAsync(task, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }));
    }

    /** The value; what the task threw is thrown here. */
    String get() {
        try {
            return value.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
