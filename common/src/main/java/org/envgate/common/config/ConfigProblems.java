package org.envgate.common.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several problems of one config file, so that a file with five mistakes takes one run to see
 * them all. Its file, line and key are the first problem's; its message has one line per problem,
 * in file order.
 */
public final class ConfigProblems extends ConfigException {

    private final List<ConfigException> problems;

    private ConfigProblems(List<ConfigException> problems) {
        super(problems.stream().map(ConfigException::getMessage).collect(Collectors.joining(System.lineSeparator())),
                problems.get(0));
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<ConfigException> problems() {
        return problems;
    }

    /** A check that may find a problem. */
    public interface Check<T> {
        T run() throws ConfigException;
    }

    /** A check that may find a problem and returns nothing. */
    public interface Step {
        void run() throws ConfigException;
    }

    /** Collects the problems of independent checks, then reports them all at once. */
    public static final class Collector {

        private final List<ConfigException> found = new ArrayList<>();

        /** The check's result, or empty when it found a problem (kept for {@link #throwIfAny()}). */
        public <T> Optional<T> get(Check<T> check) {
            try {
                return Optional.ofNullable(check.run());
            } catch (ConfigException e) {
                found.addAll(e.problems());
                return Optional.empty();
            }
        }

        /** Runs {@code step}; false when it found a problem. */
        public boolean run(Step step) {
            return get(() -> {
                step.run();
                return Boolean.TRUE;
            }).isPresent();
        }

        public boolean any() {
            return !found.isEmpty();
        }

        /** Throws the one problem found, or all of them in file order; nothing when none was. */
        public void throwIfAny() throws ConfigException {
            if (found.size() == 1) {
                throw found.get(0);
            }
            if (!found.isEmpty()) {
                List<ConfigException> ordered = new ArrayList<>(found);
                ordered.sort(Comparator.comparingInt(ConfigException::line));
                throw new ConfigProblems(ordered);
            }
        }
    }
}
