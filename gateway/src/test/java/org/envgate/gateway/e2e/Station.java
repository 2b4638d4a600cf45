package org.envgate.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/** What the end-to-end tests share: a config written the way a technician writes one, and checks. */
final class Station {

    static final String GATEWAY_ID = "gw-e2e";

    private Station() {
    }

    /** A one-sensor PMS5003 station config in YAML, loaded through the real loader. */
    static String yaml(Path storage, String brokerUrl, String sensorId, String port, String interval, String mode) {
        return yaml(storage, brokerUrl, sensorId, "pms5003", port, interval, mode);
    }

    /** A one-sensor station config of a Plantower {@code model} in YAML. */
    static String yaml(Path storage, String brokerUrl, String sensorId, String model, String port, String interval,
                       String mode) {
        return """
                gateway:
                  id: %s
                  site: test-bench
                storage:
                  path: %s
                mqtt:
                  url: %s
                  topic-prefix: envgate
                  reconnect-max: 2s
                sensors:
                  - id: %s
                    model: %s
                    port: %s
                    interval: %s
                    warm-up: 0s
                    mode: %s
                """.formatted(GATEWAY_ID, storage, brokerUrl, sensorId, model, port, interval, mode);
    }

    static GatewayConfig load(String yaml) throws ConfigException {
        return new GatewayConfigLoader(DriverRegistry.load()).parse("e2e.yaml", yaml);
    }

    /**
     * The delivered readings, grouped into samples (one read of the sensor, one timestamp), must
     * each be a sample the twin really sent, in the order it sent them.
     */
    static int assertSamplesWereSent(List<Reading> delivered, List<TwinSample> sent) {
        List<Map<Quantity, Double>> samples = delivered.stream()
                .collect(java.util.stream.Collectors.groupingBy(Reading::timeMillis, java.util.TreeMap::new,
                        java.util.stream.Collectors.toMap(Reading::quantity, Reading::value)))
                .values().stream().toList();
        int at = 0;
        for (Map<Quantity, Double> sample : samples) {
            while (at < sent.size() && !sent.get(at).values().equals(sample)) {
                at++;
            }
            if (at == sent.size()) {
                throw new AssertionError("delivered sample " + sample + " was never sent by the twin (or out of order); sent: "
                        + sent.stream().map(TwinSample::values).toList());
            }
            at++;
        }
        return samples.size();
    }

    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
