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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.ScenarioArguments;
import org.envgate.simulator.scenario.ExpectedAggregatesFile;
import org.envgate.simulator.scenario.ScenarioServe;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --scenario --expect} as a developer runs it, read by a gateway on the real clock:
 * the 1-minute averages the simulator wrote beside the expected readings are those the gateway
 * sends, for every minute the scenario ran through from start to end (the first holds frames
 * sent before the gateway took the sensor over, the last was cut short), for each series whose
 * values sent in the minute are the values the gateway stamped in it.
 */
@Tag("long")
class ExpectedAggregatesEndToEndTest {

    private static final long MINUTE = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCENARIO = """
            scenario: expect-averages
            seed: 4
            time-factor: 60
            gateway: {id: sim-expect-01, site: test-bench}
            sensors:
              - id: pm
                model: pms5003
                port: pty
                interval: 1s
                options: {mode: passive}
                signals:
                  pm2_5: {baseline: 30, daily-amplitude: 10, noise: 2}
              - id: sonde
                model: modbus
                port: pty
                interval: 1s
                options: {address: 1}
                signals:
                  ph: {baseline: 7.3, noise: 0.05}
                  temperature: {baseline: 27, noise: 0.2}
            aggregates: {windows: [1m]}
            """;

    @TempDir
    Path dir;

    @Test
    void theExpectedMinuteAveragesAreThoseTheGatewaySends() throws Exception {
        Path scenario = Files.writeString(dir.resolve("expect.yaml"), SCENARIO);
        Path config = dir.resolve("gateway.yaml");
        Path expected = dir.resolve("sent.jsonl");
        Map<String, Double> published = new HashMap<>();
        long firstFull;
        long lastFull;
        List<Reading> delivered;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber readings = new ReadingSubscriber(broker.url(), new Topics("envgate", "sim-expect-01"))) {
            MqttClient aggregates = new MqttClient(broker.url(), "test-aggregates", new MemoryPersistence());
            aggregates.connect();
            aggregates.subscribe("envgate/sim-expect-01/aggregates", 1, (topic, message) -> {
                for (JsonNode record : JSON.readTree(message.getPayload())) {
                    synchronized (published) {
                        published.put(record.get("n").asText() + "@" + new BigDecimal(record.get("t").asText())
                                .movePointRight(3).longValueExact(), record.get("v").asDouble());
                    }
                }
            });
            try (ScenarioServe serve = ScenarioServe.start(new ScenarioArguments(scenario, config, expected, broker.url(),
                    dir.resolve("run")), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                 Gateway gateway = Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(config),
                         Clock.systemUTC(), null)) {
                firstFull = (Math.floorDiv(System.currentTimeMillis(), MINUTE) + 1) * MINUTE;
                lastFull = firstFull + MINUTE;
                Thread.sleep(lastFull + MINUTE + 500 - System.currentTimeMillis());
                serve.close();
                assertTrue(Station.await(() -> {
                    synchronized (published) {
                        return published.containsKey("pm/pm2_5/mean_1m@" + lastFull);
                    }
                }, Duration.ofSeconds(30)), "the gateway sent the minutes");
            } finally {
                aggregates.disconnect();
                aggregates.close();
            }
            delivered = readings.readings();
        }

        // The gateway stamps a value a few milliseconds after the twin sent it: a value sent that
        // close to a minute's end is in the next minute at the gateway. Such a series' minute
        // (its values by the gateway's time differ from its values by the time sent) is left out.
        Map<String, List<Double>> sentByWindow = new HashMap<>();
        for (String line : Files.readAllLines(expected)) {
            JsonNode sent = JSON.readTree(line);
            sentByWindow.computeIfAbsent(sent.get("sensor").asText() + "/" + sent.get("quantity").asText() + "/@"
                    + Math.floorDiv(sent.get("time").asLong(), MINUTE) * MINUTE, k -> new ArrayList<>())
                    .add(sent.get("value").asDouble());
        }
        Map<String, List<Double>> deliveredByWindow = new HashMap<>();
        new TreeMap<>(delivered.stream().collect(Collectors.toMap(
                r -> r.sensor() + "/" + r.quantity().id() + "@" + r.timeMillis(), r -> r, (a, b) -> a)))
                .values().forEach(r -> deliveredByWindow.computeIfAbsent(r.sensor() + "/" + r.quantity().id() + "/@"
                        + Math.floorDiv(r.timeMillis(), MINUTE) * MINUTE, k -> new ArrayList<>()).add(r.value()));
        Map<String, Double> want = new TreeMap<>();
        int left = 0;
        for (String line : Files.readAllLines(ExpectedAggregatesFile.beside(expected))) {
            JsonNode record = JSON.readTree(line);
            long start = record.get("time").asLong();
            String name = record.get("name").asText();
            if (start >= firstFull && start <= lastFull) {
                String window = name.substring(0, name.lastIndexOf('/') + 1) + "@" + start;
                if (sentByWindow.get(window).equals(deliveredByWindow.get(window))) {
                    want.put(name + "@" + start, record.get("value").asDouble());
                } else {
                    left++;
                }
            }
        }
        assertTrue(want.size() >= 2 * left, want.size() + " records compared, " + left + " left out at a minute's edge");
        synchronized (published) {
            for (Map.Entry<String, Double> record : want.entrySet()) {
                Double got = published.get(record.getKey());
                assertTrue(got != null, record.getKey() + " was sent");
                assertEquals(record.getValue(), got, Math.abs(record.getValue()) * 1e-12, record.getKey());
            }
        }
    }
}
