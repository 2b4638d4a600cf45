package org.envgate.simulator.scenario;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.envgate.drivers.pulse.FlowMeter;
import org.envgate.drivers.pulse.RainGauge;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.pulse.PulseTwin;

/**
 * A scenario's GPIO sensors: rain gauges and flow meters whose pulses come from the scenario's
 * rain and flow events. A simulator in another process cannot reach the gateway's GPIO, so these
 * run in the gateway's own process ({@code envgate demo --scenario}), on its mock GPIO platform.
 *
 * <p>Rain is an amount: its tips come time-factor times faster, so the rainfall the gateway
 * reports adds up to the simulated storm's. Flow is a rate: its pulses keep real pace, so the
 * gateway's l/min is the scenario's.
 */
public final class ScenarioPulses {

    static final String RAIN_GAUGE = "rain-gauge";
    static final String FLOW_METER = "flow-meter";
    static final String MM_PER_TIP = "mm-per-tip";
    static final String PULSES_PER_LITRE = "pulses-per-litre";
    static final String MAX_FLOW = "max-flow";
    /**
     * The pulse drivers' options that do not change what a pulse means, passed to the gateway
     * config as they are. Not edge or pull: the twin is a contact to ground on a pulled-up line.
     */
    static final Set<String> LINE_KEYS = Set.of("debounce");

    /**
     * One GPIO sensor of a scenario.
     *
     * @param id   the gateway's sensor id
     * @param pin  the BCM number of its {@code gpio:PIN} port
     * @param twin its twin, following the scenario's events
     */
    public record PulseSensor(String id, int pin, PulseTwin twin) {
    }

    private ScenarioPulses() {
    }

    /** Whether {@code model} is read from a GPIO: its twin needs the gateway's process. */
    public static boolean isPulse(String model) {
        return model.equals(RAIN_GAUGE) || model.equals(FLOW_METER);
    }

    /** Whether {@code scenario} has a sensor on a GPIO. */
    public static boolean any(Scenario scenario) {
        return scenario.sensors().stream().anyMatch(sensor -> isPulse(sensor.model()));
    }

    /**
     * The twins of the GPIO sensors of {@code scenario}, not yet driven; every pulse goes to
     * {@code sent} (a tip as its mm of rain, a flow pulse with the flow then). Sensor {@code i}
     * is seeded from the scenario's seed and {@code i}, as the serial twins are.
     */
    public static List<PulseSensor> build(Scenario scenario, ScenarioClock clock, Consumer<SentReading> sent) {
        List<PulseSensor> pulses = new ArrayList<>();
        for (int i = 0; i < scenario.sensors().size(); i++) {
            ScenarioSensor sensor = scenario.sensors().get(i);
            if (!isPulse(sensor.model())) {
                continue;
            }
            TwinOptions options = TwinOptions.defaults().withSeed(scenario.seed() * 31 + i);
            // A rain rate is per simulated hour; the twin is driven with real time.
            double perRealTime = sensor.model().equals(RAIN_GAUGE) ? scenario.timeFactor() : 1;
            PulseTwin twin = (sensor.model().equals(RAIN_GAUGE)
                    ? PulseTwin.rainGauge(options, mmPerTip(sensor.options()))
                    : PulseTwin.flowMeter(options, pulsesPerLitre(sensor.options()), maxFlow(sensor.options()), ZoneId.systemDefault()))
                    .following(timeMillis -> perRealTime * rate(sensor, clock.simMillis((long) timeMillis)));
            twin.addListener(sample -> sample.values().forEach((quantity, value) -> sent.accept(new SentReading(
                    sensor.id(), quantity, value, sample.simTimeMillis(), clock.simMillis(sample.simTimeMillis())))));
            pulses.add(new PulseSensor(sensor.id(), pin(sensor.port()), twin));
        }
        return pulses;
    }

    /** The sum of the sensor's events at {@code simMillis}: mm/h of rain, or l/min. */
    static double rate(ScenarioSensor sensor, long simMillis) {
        return sensor.events().stream().mapToDouble(event -> event.added(simMillis)).sum();
    }

    static int pin(String port) {
        return Integer.parseInt(port.substring("gpio:".length()));
    }

    static double mmPerTip(Map<String, String> options) {
        return number(options, MM_PER_TIP, RainGauge.DEFAULT_MM_PER_TIP);
    }

    static double pulsesPerLitre(Map<String, String> options) {
        return number(options, PULSES_PER_LITRE, FlowMeter.DEFAULT_PULSES_PER_LITRE);
    }

    static double maxFlow(Map<String, String> options) {
        return number(options, MAX_FLOW, FlowMeter.DEFAULT_MAX_FLOW);
    }

    /** An option the loader has checked is a number. */
    private static double number(Map<String, String> options, String key, double defaultValue) {
        String text = options.get(key);
        return text == null ? defaultValue : Double.parseDouble(text);
    }
}
