package org.envgate.simulator.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.simulator.CommandOptions;
import org.envgate.simulator.UsageException;

/**
 * The arguments of {@code verify}.
 *
 * @param expect      the expected readings a scenario wrote ({@code serve --scenario --expect})
 * @param broker      the broker the gateway publishes to
 * @param topicPrefix the gateway's {@code mqtt.topic-prefix}
 * @param duration    how long to listen
 */
public record VerifyArguments(Path expect, String broker, String topicPrefix, Duration duration) {

    public static final String DEFAULT_PREFIX = "envgate";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

    /** Parses the arguments after {@code verify}. */
    public static VerifyArguments parse(List<String> args) throws UsageException {
        Path expect = null;
        String broker = null;
        String prefix = DEFAULT_PREFIX;
        Duration duration = DEFAULT_DURATION;
        for (Map.Entry<String, String> option : CommandOptions.pairs(args)) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--expect" -> expect = Path.of(value);
                case "--broker" -> broker = CommandOptions.brokerUrl(name, value);
                case "--topic-prefix" -> prefix = value;
                case "--for" -> duration = CommandOptions.positiveDuration(name, value);
                default -> throw new UsageException("unknown option '" + name + "' (verify takes --expect, --broker, "
                        + "--topic-prefix, --for)");
            }
        }
        if (expect == null || broker == null) {
            throw new UsageException("verify needs --expect FILE and --broker URL");
        }
        return new VerifyArguments(expect, broker, prefix, duration);
    }
}
