package org.envgate.simulator.scenario;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.envgate.common.config.Units;
import org.envgate.simulator.TwinProvider;

/**
 * Writes the gateway config that reads a running scenario: its gateway id and site, a buffer
 * folder, the broker, and every sensor with the port it is served on. A sensor's model options
 * are those the twin needs to be read right (a Modbus register map, a MaxBotix mount height, the
 * PMS5003's passive mode), with the scenario's own options over them, and the sensor's {@code qc:}
 * and {@code calibration:} sections as the scenario gives them. GPIO sensors keep their
 * {@code gpio:PIN} port, on Pi4J's mock platform. The station's {@code aggregates:}, {@code aqi:}
 * and {@code alerts:} follow the sensors as the scenario gives them.
 */
public final class GatewayConfigWriter {

    private GatewayConfigWriter() {
    }

    public static String yaml(Scenario scenario, Map<String, String> gatewayPorts, String brokerUrl, Path storage) {
        Map<String, TwinProvider> providers = TwinProvider.all();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by envgate-sim for scenario ").append(scenario.name()).append(" (")
                .append(scenario.file()).append(").\n");
        yaml.append("gateway:\n  id: ").append(scenario.gatewayId()).append('\n');
        if (!scenario.site().isEmpty()) {
            yaml.append("  site: ").append(scenario.site()).append('\n');
        }
        yaml.append("storage:\n  path: ").append(storage.toAbsolutePath()).append('\n');
        yaml.append("mqtt:\n  url: ").append(brokerUrl).append("\n  topic-prefix: envgate\n");
        if (ScenarioPulses.any(scenario)) {
            yaml.append("gpio:\n  platform: mock\n");
        }
        yaml.append("sensors:\n");
        for (ScenarioSensor sensor : scenario.sensors()) {
            yaml.append("  - id: ").append(sensor.id()).append('\n');
            yaml.append("    model: ").append(sensor.model()).append('\n');
            yaml.append("    port: ").append(gatewayPorts.getOrDefault(sensor.id(), sensor.port())).append('\n');
            yaml.append("    interval: ").append(Units.format(sensor.interval())).append('\n');
            yaml.append("    warm-up: ").append(Units.format(sensor.warmUp())).append('\n');
            Map<String, String> options = new LinkedHashMap<>(ScenarioPulses.isPulse(sensor.model()) ? Map.of()
                    : providers.get(sensor.model()).sensorOptions());
            options.putAll(sensor.options());
            options.forEach((key, value) -> yaml.append("    ").append(key).append(": ").append(value).append('\n'));
            sensor.gatewaySections().forEach((key, value) -> yaml.append("    ").append(key).append(": ").append(value)
                    .append('\n'));
        }
        scenario.stationSections().forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        return yaml.toString();
    }
}
