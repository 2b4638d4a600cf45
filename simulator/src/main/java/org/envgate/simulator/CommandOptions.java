package org.envgate.simulator;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.common.config.Units;

/** The {@code --name value} options after a verb, read the same way by every verb. */
public final class CommandOptions {

    private CommandOptions() {
    }

    /** The options in the order given; each name must start with {@code --} and have a value. */
    public static List<Map.Entry<String, String>> pairs(List<String> args) throws UsageException {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument '" + name + "'");
            }
            if (i + 1 == args.size()) {
                throw new UsageException(name + " needs a value");
            }
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(name, args.get(++i)));
        }
        return pairs;
    }

    /** A positive duration like {@code 500ms}, {@code 30s} or {@code 5m}. */
    public static Duration positiveDuration(String name, String value) throws UsageException {
        Duration d = Units.parseDuration(value).orElse(Duration.ZERO);
        if (d.isZero() || d.isNegative()) {
            throw new UsageException(name + " must be a positive duration like 500ms, 30s or 5m, got '" + value + "'");
        }
        return d;
    }

    /** A broker URL a gateway config could name: {@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}. */
    public static String brokerUrl(String name, String value) throws UsageException {
        if (!value.matches("(tcp|ssl)://[^/\\s]+:[0-9]{1,5}")) {
            throw new UsageException(name + " must be tcp://HOST:PORT or ssl://HOST:PORT, got '" + value + "'");
        }
        return value;
    }
}
