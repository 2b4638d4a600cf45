package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.Resolution;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.ScenarioArguments;
import org.envgate.simulator.scenario.GatewayConfigWriter;
import org.envgate.simulator.scenario.Scenario;
import org.envgate.simulator.scenario.ScenarioLoader;
import org.envgate.simulator.scenario.ScenarioServe;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scenario served as a developer serves it ({@code serve --scenario --emit-config --expect}),
 * read by a real gateway from the emitted config, through Moquette: what the gateway delivered
 * equals, value by value, what the simulator says it sent, and every value in the packs on the
 * wire is written at its sensor's declared resolution.
 *
 * <p>The comparison, per sensor and quantity, is of the sequences of values (the simulator and
 * the gateway stamp the same reading a few milliseconds apart). The simulator also writes what a
 * sensor sent before the gateway took it over (the PMS5003 and SDS011 power up sending on their
 * own; nobody reads those frames), so the delivered values must be a run of the expected ones that
 * starts where the gateway took over and runs without a gap to the end; the last value may be
 * missing, sent as the scenario stopped.
 */
class ScenarioEndToEndTest {

    private static final Duration RUN = Duration.ofSeconds(12);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A record as {@code SenmlCodec} writes it: name, unit, value. */
    private static final Pattern RECORD = Pattern.compile("\"n\":\"([^\"]+)\",\"u\":\"[^\"]*\",\"v\":([^,}]+)");

    @TempDir
    Path dir;

    /** One real second is a simulated minute; every fault here is one the twin itself tells apart. */
    private static final String SCENARIO = """
            scenario: e2e
            seed: 21
            time-factor: 60
            start: 7h
            gateway: {id: sim-e2e-01, site: test-bench}
            sensors:
              - id: pm
                model: pms5003
                port: pty
                interval: 500ms
                options: {mode: passive}
                signals:
                  pm2_5: {baseline: 15, daily-amplitude: 5, peak-hour: 8, noise: 2}
                events:
                  - {at: 4m, for: 4m, kind: episode, quantity: pm2_5, add: 60}
                faults:
                  - {at: 2m, for: 1m, kind: bad-checksum}
                  - {at: 6m, for: 1m, kind: stuck}
              - id: pm-ref
                model: sds011
                port: tcp:0
                interval: 500ms
                options: {mode: query}
                faults:
                  - {at: 3m, for: 1m, kind: out-of-range}
              - id: co2
                model: mhz19b
                port: tcp:0
                interval: 500ms
                signals:
                  co2: {baseline: 450, noise: 5}
                faults:
                  - {at: 5m, for: 2m, kind: silence}
              - id: sonde-a
                model: modbus
                port: pty:rs485
                interval: 700ms
                options: {address: 1}
                signals:
                  ph: {baseline: 7.3, noise: 0.05}
              - id: sonde-b
                model: modbus
                port: pty:rs485
                interval: 700ms
                options: {address: 2}
                faults:
                  - {at: 7m, for: 1m, kind: error-response}
            """;

    @Test
    void deliveredReadingsEqualTheExpectedReadings() throws Exception {
        Path scenario = Files.writeString(dir.resolve("e2e.yaml"), SCENARIO);
        Path config = dir.resolve("gateway.yaml");
        Path expected = dir.resolve("expected.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", "sim-e2e-01"))) {
            List<Reading> delivered;
            GatewayConfig gatewayConfig;
            try (ScenarioServe serve = ScenarioServe.start(new ScenarioArguments(scenario, config, expected, broker.url(),
                    dir.resolve("run")), new PrintStream(printed, true, StandardCharsets.UTF_8));
                 Gateway gateway = Gateway.start(gatewayConfig = new GatewayConfigLoader(DriverRegistry.load()).load(config),
                         Clock.systemUTC(), null)) {
                Thread.sleep(RUN.toMillis());
                serve.close();
                int before;
                do {
                    before = subscriber.readings().size();
                    Thread.sleep(1500);
                } while (subscriber.readings().size() > before);
                delivered = subscriber.readings();
            }
            assertEquals(List.of(), subscriber.problems());

            Map<String, List<Double>> want = expected(expected);
            Map<String, List<Double>> got = delivered.stream().sorted(Comparator.comparingLong(Reading::timeMillis))
                    .collect(Collectors.groupingBy(r -> r.sensor() + "/" + r.quantity().id(), TreeMap::new,
                            Collectors.mapping(Reading::value, Collectors.toList())));
            assertEquals(want.keySet(), got.keySet(), "every sensor and quantity sent was delivered");
            for (String series : want.keySet()) {
                assertRunOf(series, want.get(series), got.get(series));
            }
            String out = printed.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("+0h05m00s sensor co2: silence starts"), out);
            assertTrue(got.get("pm/pm2_5").stream().mapToDouble(Double::doubleValue).max().orElseThrow() > 50,
                    "the episode shows: " + got.get("pm/pm2_5"));
            assertPacksAtResolution(gatewayConfig, subscriber.packs());
        }
    }

    /**
     * Every value written in {@code packs} is a multiple of its sensor's declared resolution, in
     * plain decimals with no more places than the step has (a sonde's float32 conductivity
     * included, which on its own would be {@code 412.3352355957031}).
     */
    private static void assertPacksAtResolution(GatewayConfig config, List<String> packs) {
        Map<String, Resolution> resolutions = new TreeMap<>();
        for (SensorConfig sensor : config.sensors()) {
            RangeCheckedDriver.resolutions(sensor.provider(), sensor.options())
                    .forEach((quantity, resolution) -> resolutions.put(sensor.id() + "/" + quantity.id(), resolution));
        }
        Map<String, Integer> seen = new TreeMap<>();
        for (String pack : packs) {
            Matcher record = RECORD.matcher(pack);
            while (record.find()) {
                String series = record.group(1);
                String written = record.group(2);
                BigDecimal step = resolutions.get(series).step();
                BigDecimal value = new BigDecimal(written);
                assertTrue(written.matches("-?[0-9]+(\\.[0-9]+)?"), series + ": plain decimal, got " + written);
                assertEquals(0, value.remainder(step).signum(), series + ": " + written + " is a multiple of " + step);
                assertTrue(value.scale() <= Math.max(step.scale(), 0), series + ": " + written + " has no more places than " + step);
                seen.merge(series, 1, Integer::sum);
            }
        }
        assertTrue(seen.getOrDefault("sonde-a/conductivity", 0) >= 5, "the float32 conductivity was sent: " + seen);
        assertTrue(seen.getOrDefault("sonde-a/ph", 0) >= 5, "the scaled pH was sent: " + seen);
    }

    /** {@code got} is {@code want} from some point on, to its end or one short of it. */
    private static void assertRunOf(String series, List<Double> want, List<Double> got) {
        assertTrue(got.size() >= 5, series + ": only " + got.size() + " delivered");
        int start = want.size() - got.size();
        boolean matches = start >= 0 && want.subList(start, want.size()).equals(got)
                || start >= 1 && want.subList(start - 1, want.size() - 1).equals(got);
        assertTrue(matches, series + ": delivered " + got + "\nis not the end of what was sent " + want);
    }

    private static Map<String, List<Double>> expected(Path file) throws Exception {
        Map<String, List<Double>> series = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode reading = JSON.readTree(line);
            series.computeIfAbsent(reading.get("sensor").asText() + "/" + reading.get("quantity").asText(),
                    k -> new ArrayList<>()).add(reading.get("value").asDouble());
        }
        return series;
    }

    /** The config the simulator writes for each shipped scenario loads with the gateway's own loader. */
    @ParameterizedTest
    @ValueSource(strings = {"busy-road.yaml", "river.yaml", "faulty-station.yaml", "quality-station.yaml",
            "pollution-episode.yaml", "flood.yaml", "river-with-rain.yaml"})
    void theEmittedConfigOfEveryShippedScenarioLoads(String file) throws Exception {
        Scenario scenario = ScenarioLoader.inProcess().load(Path.of("..", "config", "scenarios", file));
        Map<String, String> ports = new LinkedHashMap<>();
        scenario.sensors().stream().filter(sensor -> !sensor.port().startsWith("gpio:"))
                .forEach(sensor -> ports.put(sensor.id(), "/tmp/envgate-sim/" + scenario.name() + "/"
                        + (sensor.port().startsWith("pty:") ? sensor.port().substring(4) : sensor.id())));
        Path emitted = Files.writeString(dir.resolve("gateway.yaml"),
                GatewayConfigWriter.yaml(scenario, ports, "tcp://localhost:1883", dir));

        GatewayConfig config = new GatewayConfigLoader(DriverRegistry.load()).load(emitted);

        assertEquals(scenario.gatewayId(), config.gatewayId());
        assertEquals(scenario.sensors().size(), config.sensors().size());
        assertEquals(scenario.stationSections().containsKey("alerts"), !config.alerts().isEmpty());
        assertEquals(scenario.stationSections().containsKey("aqi"), config.aqi().enabled());
    }
}
