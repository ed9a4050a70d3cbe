package dev.sem;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Message text that may name {@link Option}s, such as "run again with resumeUnknown=rerun". The engine's own rendering
 * ({@link #toString()}) names each option by its key; a front end renders the same message with its own spelling of
 * the options ({@link #render(Spelling)}), so that the how-to-fix hint names what its users type. Immutable.
 */
public final class Message {

    /** How a front end spells an option, and an option set to a value. */
    @FunctionalInterface
    public interface Spelling {

        /** The option itself, as in "raise X (seconds)". */
        String option(Option option);

        /** The option set to {@code value}, as in "run again with X". */
        default String setting(Option option, String value) {
            return option(option) + "=" + value;
        }
    }

    /** The engine's spelling: "the lockWait option", "resumeUnknown=rerun". */
    public static final Spelling ENGINE = new Spelling() {
        @Override
        public String option(Option option) {
            return "the " + option.key() + " option";
        }

        @Override
        public String setting(Option option, String value) {
            return option.key() + "=" + value;
        }
    };

    private sealed interface Part permits Text, Named, Setting {
        String render(Spelling spelling);
    }

    private record Text(String text) implements Part {
        @Override
        public String render(Spelling spelling) {
            return text;
        }
    }

    private record Named(Option option) implements Part {
        @Override
        public String render(Spelling spelling) {
            return spelling.option(option);
        }
    }

    private record Setting(Option option, String value) implements Part {
        @Override
        public String render(Spelling spelling) {
            return spelling.setting(option, value);
        }
    }

    private final List<Part> parts;

    private Message(List<Part> parts) {
        this.parts = parts;
    }

    /** A message that starts with plain {@code text}. */
    public static Message text(String text) {
        return new Message(List.of(new Text(Objects.requireNonNull(text, "text"))));
    }

    /** This message followed by plain {@code text}. */
    public Message then(String text) {
        return with(new Text(Objects.requireNonNull(text, "text")));
    }

    /** This message followed by a reference to {@code option}. */
    public Message then(Option option) {
        return with(new Named(Objects.requireNonNull(option, "option")));
    }

    /** This message followed by {@code option} set to {@code value}. */
    public Message then(Option option, String value) {
        return with(new Setting(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value")));
    }

    /** This message followed by {@code other}. */
    public Message then(Message other) {
        List<Part> joined = new ArrayList<>(parts);
        joined.addAll(other.parts);
        return new Message(List.copyOf(joined));
    }

    /** The options the message names, in the order of {@link Option}. */
    public Set<Option> options() {
        Set<Option> options = EnumSet.noneOf(Option.class);
        for (Part part : parts) {
            if (part instanceof Named n) {
                options.add(n.option());
            } else if (part instanceof Setting s) {
                options.add(s.option());
            }
        }
        return options;
    }

    /** The message with each option spelled by {@code spelling}. */
    public String render(Spelling spelling) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.render(spelling));
        }
        return out.toString();
    }

    private Message with(Part part) {
        List<Part> more = new ArrayList<>(parts);
        more.add(part);
        return new Message(List.copyOf(more));
    }

    /** The engine's rendering, {@link #ENGINE}; also how a message reads in a JSON report. */
    @JsonValue
    @Override
    public String toString() {
        return render(ENGINE);
    }
}
