package org.envgate.simulator.scenario;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envgate.wire.Quantity;

/**
 * One virtual sensor of a scenario.
 *
 * @param id       the gateway's sensor id
 * @param model    the twin's (and driver's) model
 * @param port     {@code pty} (a pseudo-terminal of its own), {@code pty:NAME} (one shared by the
 *                 Modbus slaves naming it) or {@code tcp:PORT} (0: any free port)
 * @param interval the emitted config's read interval
 * @param warmUp   the emitted config's warm-up
 * @param options  model options for the emitted config (and the twin, e.g. a Modbus address)
 * @param signals  the dictated value of each named quantity over time
 * @param events   what happens to the values, e.g. a pollution episode
 * @param faults   what goes wrong, and when
 * @param gatewaySections gateway config sections of the sensor ({@code qc}, {@code calibration}) in YAML
 *                 flow style, copied into the emitted config
 * @param line     the line of the sensor in the scenario file
 */
public record ScenarioSensor(String id, String model, String port, Duration interval, Duration warmUp,
                             Map<String, String> options, Map<Quantity, SignalSpec> signals,
                             List<ScenarioEvent> events, List<ScheduledFault> faults,
                             Map<String, String> gatewaySections, int line) {

    public ScenarioSensor {
        options = Map.copyOf(options);
        signals = Map.copyOf(signals);
        events = List.copyOf(events);
        faults = List.copyOf(faults);
        gatewaySections = Collections.unmodifiableMap(new LinkedHashMap<>(gatewaySections));
    }

    /** The endpoint it is served on: sensors with the same key share one line. */
    String endpoint() {
        return port.equals("pty") || port.equals("tcp:0") ? port + "#" + id : port;
    }
}
