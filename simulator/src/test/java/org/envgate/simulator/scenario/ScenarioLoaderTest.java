package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.envgate.common.config.ConfigException;
import org.envgate.common.testing.BadConfigFiles;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioLoaderTest {

    /** The shipped scenarios, from the simulator module's folder. */
    static final Path SHIPPED = Path.of("..", "config", "scenarios");

    @ParameterizedTest
    @ValueSource(strings = {"busy-road.yaml", "river.yaml", "faulty-station.yaml", "quality-station.yaml",
            "pollution-episode.yaml", "flood.yaml"})
    void everyShippedScenarioLoads(String file) throws Exception {
        Scenario scenario = ScenarioLoader.inProcess().load(SHIPPED.resolve(file));

        assertEquals(file.replace(".yaml", ""), scenario.name());
        assertFalse(scenario.sensors().isEmpty());
        assertTrue(scenario.timeFactor() > 1, "a shipped scenario runs a day in minutes");
    }

    @Test
    void readsTheRiverStationAsWritten() throws Exception {
        Scenario river = new ScenarioLoader().load(SHIPPED.resolve("river.yaml"));

        assertEquals("sim-river-01", river.gatewayId());
        assertEquals(Duration.ofHours(6), river.start());
        ScenarioSensor surface = river.sensors().get(0);
        assertEquals("pty:rs485", surface.port());
        assertEquals(surface.endpoint(), river.sensors().get(1).endpoint(), "the two sondes share one line");
        assertEquals(new SignalSpec(7.4, 0.25, 15, 0.03, 0), surface.signals().get(Quantity.PH));
        ScenarioSensor level = river.sensors().get(2);
        assertEquals(new ScenarioEvent(ScenarioEvent.Kind.RISE, Quantity.WATER_LEVEL, Duration.ofHours(3),
                Duration.ofHours(2), 1.1), level.events().get(0));
    }

    @Test
    void faultySationSchedulesEveryKindOfFault() throws Exception {
        Scenario faulty = new ScenarioLoader().load(SHIPPED.resolve("faulty-station.yaml"));

        assertEquals(ScheduledFault.Kind.values().length, faulty.sensors().stream()
                .flatMap(sensor -> sensor.faults().stream()).map(ScheduledFault::kind).distinct().count());
    }

    @Test
    void theRiverWithRainHasAStormOnItsRainGauge() throws Exception {
        Scenario river = ScenarioLoader.inProcess().load(SHIPPED.resolve("river-with-rain.yaml"));

        ScenarioSensor rain = river.sensors().get(3);
        assertEquals("gpio:17", rain.port());
        assertEquals(new ScenarioEvent(ScenarioEvent.Kind.RAIN, Quantity.RAINFALL, Duration.ofHours(2),
                Duration.ofMinutes(90), 12), rain.events().get(0));
        assertTrue(ScenarioPulses.any(river));
    }

    @Test
    void serveRefusesAGpioSensorAndNamesTheDemoThatRunsIt() {
        Path file = SHIPPED.resolve("river-with-rain.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> new ScenarioLoader().load(file));

        assertEquals("sensors[3].model", e.key());
        assertTrue(e.getMessage().startsWith(file + ":" + e.line() + ": sensors[3].model: rain-gauge is a GPIO sensor"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("run this scenario in one process with 'envgate demo --scenario " + file + "'"),
                e.getMessage());
    }

    @Test
    void theEmittedConfigReadsGpioSensorsOnTheMockPlatform() throws Exception {
        Scenario river = ScenarioLoader.inProcess().load(SHIPPED.resolve("river-with-rain.yaml"));

        String yaml = GatewayConfigWriter.yaml(river, Map.of(), "tcp://127.0.0.1:1883", Path.of("/tmp/buffer"));

        assertTrue(yaml.contains("gpio:\n  platform: mock\n"), yaml);
        assertTrue(yaml.contains("  - id: rain\n    model: rain-gauge\n    port: gpio:17\n    interval: 15s\n"
                + "    warm-up: 0s\n    mm-per-tip: 0.2794\n"), yaml);
    }

    @Test
    void theEmittedConfigCarriesTheStationsAveragesIndexAndAlerts() throws Exception {
        Scenario flood = ScenarioLoader.inProcess().load(SHIPPED.resolve("flood.yaml"));
        Scenario episode = new ScenarioLoader().load(SHIPPED.resolve("pollution-episode.yaml"));

        String floodYaml = GatewayConfigWriter.yaml(flood, Map.of(), "tcp://127.0.0.1:1883", Path.of("/tmp/buffer"));
        String episodeYaml = GatewayConfigWriter.yaml(episode, Map.of(), "tcp://127.0.0.1:1883", Path.of("/tmp/buffer"));

        assertTrue(floodYaml.endsWith("\nalerts: [{id: flood, source: level/water_level, above: 2.5, for: 10s, clear: 2.3, "
                + "clear-for: 20s, severity: critical, gpio-out: 23}]\n"), floodYaml);
        assertTrue(episodeYaml.endsWith("\naggregates: {windows: [1m, 1h, 24h]}\naqi: {indexes: [vn, us], pm2_5: pm, "
                + "pm10: pm}\nalerts: [{id: dust-over-limit, source: pm/pm2_5, above: 50, for: 1m, clear: 40, "
                + "clear-for: 30s, severity: warning}]\n"), episodeYaml);
    }

    static Stream<Path> badScenarios() throws Exception {
        return BadConfigFiles.in(ScenarioLoaderTest.class, "/scenario/bad");
    }

    @ParameterizedTest
    @MethodSource("badScenarios")
    void aBadScenarioIsReportedWithFileLineAndKey(Path file) throws Exception {
        BadConfigFiles.assertReported(file, () -> new ScenarioLoader().load(file));
    }

    static Stream<Path> badInProcessScenarios() throws Exception {
        return BadConfigFiles.in(ScenarioLoaderTest.class, "/scenario/bad-in-process");
    }

    @ParameterizedTest
    @MethodSource("badInProcessScenarios")
    void aBadGpioSensorIsReportedWithFileLineAndKey(Path file) throws Exception {
        BadConfigFiles.assertReported(file, () -> ScenarioLoader.inProcess().load(file));
    }
}
