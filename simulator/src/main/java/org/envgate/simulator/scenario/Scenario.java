package org.envgate.simulator.scenario;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated station: its sensors with their signals, events and faults, what the gateway
 * reading it is called, and how fast simulated time runs.
 *
 * @param file       the scenario file, for messages
 * @param name       the scenario's name
 * @param seed       seeds every sensor's noise and fault dice: same seed, same bytes
 * @param timeFactor simulated seconds per real second (60: an hour in a minute)
 * @param start      the simulated time of day at which the scenario starts (00:00 to 24:00)
 * @param gatewayId  the emitted gateway config's {@code gateway.id}
 * @param site       the emitted gateway config's {@code gateway.site}
 * @param stationSections the station's gateway config sections ({@code aggregates}, {@code aqi},
 *                   {@code alerts}) in YAML flow style, copied into the emitted config
 * @param averaging  the windows and index the expected averages are computed for
 */
public record Scenario(String file, String name, long seed, double timeFactor, Duration start,
                       String gatewayId, String site, List<ScenarioSensor> sensors,
                       Map<String, String> stationSections, StationAveraging averaging) {

    public Scenario {
        sensors = List.copyOf(sensors);
        stationSections = Collections.unmodifiableMap(new LinkedHashMap<>(stationSections));
    }
}
