package org.envgate.simulator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envgate.link.SerialSettings;

/**
 * The arguments of {@code serve}: which twin, where, and how it behaves.
 *
 * @param model      the twin's model
 * @param tcpHost    the host to listen on, when serving TCP
 * @param tcpPort    the TCP port (0 = any free one), or -1 when serving a serial device
 * @param serialPath the serial device, or null when serving TCP
 * @param options    seed, period and fault probabilities
 */
public record ServeArguments(String model, String tcpHost, int tcpPort, String serialPath, TwinOptions options) {

    private static final Pattern HOST_PORT = Pattern.compile("(?:(.+):)?([0-9]{1,5})");

    public boolean tcp() {
        return serialPath == null;
    }

    /** Parses the arguments after {@code serve}. */
    public static ServeArguments parse(List<String> args, Set<String> knownModels) throws UsageException {
        String model = null;
        String tcp = null;
        String serial = null;
        TwinOptions options = TwinOptions.defaults();
        for (Map.Entry<String, String> option : CommandOptions.pairs(args)) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--model" -> model = value;
                case "--tcp" -> tcp = value;
                case "--serial" -> serial = value;
                case "--seed" -> options = options.withSeed(integer(name, value));
                case "--period" -> options = options.withPeriod(CommandOptions.positiveDuration(name, value));
                case "--garbage" -> options = options.withFaults(probability(name, value),
                        options.badChecksumProbability(), options.tornProbability());
                case "--bad-checksum" -> options = options.withFaults(options.garbageProbability(),
                        probability(name, value), options.tornProbability());
                case "--torn" -> options = options.withFaults(options.garbageProbability(),
                        options.badChecksumProbability(), probability(name, value));
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }
        if (model == null) {
            throw new UsageException("--model is required; known models: " + String.join(", ", knownModels));
        }
        if (!knownModels.contains(model)) {
            throw new UsageException("unknown model '" + model + "'; known models: " + String.join(", ", knownModels));
        }
        if ((tcp == null) == (serial == null)) {
            throw new UsageException("give exactly one of --tcp [HOST:]PORT and --serial PATH");
        }
        if (serial != null) {
            return new ServeArguments(model, null, -1, serial, options);
        }
        Matcher hostPort = HOST_PORT.matcher(tcp);
        int port = hostPort.matches() ? Integer.parseInt(hostPort.group(2)) : -1;
        if (port < 0 || port > 65535) {
            throw new UsageException("--tcp must be [HOST:]PORT with PORT 0 to 65535, got '" + tcp + "'");
        }
        String host = hostPort.group(1) == null ? "127.0.0.1" : hostPort.group(1);
        return new ServeArguments(model, host, port, null, options);
    }

    /** Starts the twin this describes. */
    public TwinServer start(TwinProvider provider) throws IOException {
        SensorTwin twin = provider.create(options);
        return tcp()
                ? TwinServer.tcp(twin, tcpHost, tcpPort)
                : TwinServer.serial(twin, serialPath, SerialSettings.DEFAULT_9600_8N1);
    }

    private static long integer(String name, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static double probability(String name, String value) throws UsageException {
        double p;
        try {
            p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p >= 0 && p <= 1)) {
            throw new UsageException(name + " must be a probability from 0 to 1, got '" + value + "'");
        }
        return p;
    }

}
