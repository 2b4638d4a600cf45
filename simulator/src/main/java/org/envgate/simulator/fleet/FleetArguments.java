package org.envgate.simulator.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.envgate.simulator.CommandOptions;
import org.envgate.simulator.UsageException;

/**
 * The arguments of {@code fleet}.
 *
 * @param broker   the broker URL
 * @param gateways how many gateways to publish as
 * @param sensors  sensors per gateway; each gateway publishes one reading of each in one pack
 * @param rate     readings per second, over the whole fleet
 * @param duration how long to run; null to run until stopped
 * @param prefix   the topic prefix
 * @param report   how often the achieved rate is printed
 */
public record FleetArguments(String broker, int gateways, int sensors, double rate, Duration duration,
                             String prefix, Duration report) {

    public static FleetArguments parse(List<String> args) throws UsageException {
        String broker = null;
        int gateways = 0;
        int sensors = 0;
        double rate = 0;
        Duration duration = null;
        String prefix = "envgate";
        Duration report = Duration.ofSeconds(5);
        for (Map.Entry<String, String> option : CommandOptions.pairs(args)) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--broker" -> broker = value;
                case "--gateways" -> gateways = count(name, value, 10_000);
                case "--sensors" -> sensors = count(name, value, 1_000);
                case "--rate" -> rate = rate(value);
                case "--duration" -> duration = CommandOptions.positiveDuration(name, value);
                case "--prefix" -> prefix = value;
                case "--report" -> report = CommandOptions.positiveDuration(name, value);
                default -> throw new UsageException("unknown option '" + name + "' (fleet takes --broker, --gateways, "
                        + "--sensors, --rate, --duration, --prefix, --report)");
            }
        }
        if (broker == null || !broker.matches("(tcp|ssl)://[^/\\s]+:[0-9]{1,5}")) {
            throw new UsageException("fleet needs --broker tcp://HOST:PORT" + (broker == null ? "" : ", got '" + broker + "'"));
        }
        if (gateways == 0 || sensors == 0 || rate == 0) {
            throw new UsageException("fleet needs --gateways N, --sensors M and --rate R (readings per second)");
        }
        if (!prefix.matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")) {
            throw new UsageException("--prefix must be topic levels without wildcards, got '" + prefix + "'");
        }
        return new FleetArguments(broker, gateways, sensors, rate, duration, prefix, report);
    }

    private static int count(String name, String value, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > max) {
            throw new UsageException(name + " must be a whole number from 1 to " + max + ", got '" + value + "'");
        }
        return n;
    }

    private static double rate(String value) throws UsageException {
        double r;
        try {
            r = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            r = Double.NaN;
        }
        if (!(r > 0 && Double.isFinite(r))) {
            throw new UsageException("--rate must be readings per second above 0, got '" + value + "'");
        }
        return r;
    }

}
