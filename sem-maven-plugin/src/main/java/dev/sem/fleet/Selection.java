package dev.sem.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Which targets of a targets file to run on (pgpm spec §3.2, "Selecting databases").
 *
 * @param environment keep the entries with this environment; null: any
 * @param product keep the entries with this product; null: any
 * @param only keep only the entries with these unique names; empty: all
 * @param except remove the entries with these unique names; empty: none
 * @param shard keep the targets of this part of the fleet; null: all
 */
public record Selection(String environment, String product, List<String> only, List<String> except, Shard shard) {

    public Selection {
        only = only == null ? List.of() : List.copyOf(only);
        except = except == null ? List.of() : List.copyOf(except);
    }

    /** Every target of the file. */
    public static Selection all() {
        return new Selection(null, null, List.of(), List.of(), null);
    }

    /** The entries of {@code environment} and {@code product} (null: any), as pgpm's {@code set E P}. */
    public static Selection of(String environment, String product) {
        return new Selection(environment, product, List.of(), List.of(), null);
    }

    /** Whether unique names are listed: then entries without a unique name are dropped, as pgpm does. */
    public boolean namesGiven() {
        return !only.isEmpty() || !except.isEmpty();
    }

    /** How the selection reads in messages, such as {@code environment=prod product=shop}; empty for all. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (environment != null) {
            parts.add("environment=" + environment);
        }
        if (product != null) {
            parts.add("product=" + product);
        }
        if (!only.isEmpty()) {
            parts.add("only=" + String.join(",", only));
        }
        if (!except.isEmpty()) {
            parts.add("except=" + String.join(",", except));
        }
        if (shard != null) {
            parts.add("shard=" + shard);
        }
        return String.join(" ", parts);
    }
}
