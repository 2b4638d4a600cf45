package org.envgate.simulator.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.modbus.ModbusBusTwin;
import org.envgate.simulator.modbus.ModbusSlaveTwin;

/** Builds a scenario's twins, one {@link ScenarioTwin} per endpoint, without serving them. */
public final class ScenarioTwins {

    private ScenarioTwins() {
    }

    /**
     * The serial and TCP twins of {@code scenario} (GPIO sensors are {@link ScenarioPulses}'), by endpoint in the order of the file; every value they send
     * intact goes to {@code sent}, and each fault starting or ending to {@code log}. Sensor
     * {@code i} is seeded from the scenario's seed and {@code i}.
     */
    public static Map<String, ScenarioTwin> build(Scenario scenario, ScenarioClock clock, Consumer<SentReading> sent,
                                                  Consumer<String> log) {
        Map<String, TwinProvider> providers = TwinProvider.all();
        double startHour = scenario.start().toMillis() / 3_600_000.0;
        Map<String, List<ScenarioTwin.Member>> byEndpoint = new LinkedHashMap<>();
        for (int i = 0; i < scenario.sensors().size(); i++) {
            ScenarioSensor sensor = scenario.sensors().get(i);
            if (ScenarioPulses.isPulse(sensor.model())) {
                continue;
            }
            long seed = scenario.seed() * 31 + i;
            TwinOptions options = TwinOptions.defaults().withSeed(seed)
                    .withSignals(new ScenarioSignals(sensor, seed, clock, startHour));
            SensorTwin twin = providers.get(sensor.model()).create(options, sensor.options());
            twin.addListener(sample -> sample.values().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(value -> sent.accept(new SentReading(sensor.id(), value.getKey(), value.getValue(),
                            sample.simTimeMillis(), clock.simMillis(sample.simTimeMillis())))));
            byEndpoint.computeIfAbsent(sensor.endpoint(), k -> new ArrayList<>()).add(new ScenarioTwin.Member(sensor, twin));
        }
        Map<String, ScenarioTwin> twins = new LinkedHashMap<>();
        byEndpoint.forEach((endpoint, members) -> twins.put(endpoint, new ScenarioTwin(line(members), members, clock, log)));
        return twins;
    }

    /** One twin alone, or the Modbus slaves sharing a line (the loader made sure only those share). */
    private static SensorTwin line(List<ScenarioTwin.Member> members) {
        if (members.size() == 1) {
            return members.get(0).twin();
        }
        return new ModbusBusTwin(members.stream().map(member -> (ModbusSlaveTwin) member.twin()).toList());
    }

    /** Whether a twin of {@code model} can share a line with others: Modbus slaves can. */
    static boolean canShare(TwinProvider provider) {
        return provider != null && provider.create(TwinOptions.defaults()) instanceof ModbusSlaveTwin;
    }
}
