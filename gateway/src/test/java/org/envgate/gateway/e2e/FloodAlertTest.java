package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.alert.AlertStage;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.simulator.scenario.GatewayConfigWriter;
import org.envgate.simulator.scenario.Scenario;
import org.envgate.simulator.scenario.ScenarioLoader;
import org.envgate.simulator.scenario.ScenarioPulses;
import org.envgate.simulator.scenario.ScenarioRun;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped flood scenario in one process, as {@code envgate demo --scenario} runs it: the rain
 * gauge pulsing on the mock GPIO, the level on a pseudo-terminal, the real gateway with the
 * scenario's flood rule, and Moquette, which is stopped before the river reaches the mark and
 * started again only after the alert has cleared. The rule raises once and clears once; the
 * siren's output goes high, then low, with the broker down; once it is back, both events reach it
 * in order, and the state retained on {@code alerts/flood} is the latest, cleared.
 */
@Tag("long")
class FloodAlertTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theFloodRaisesAndClearsOnceAndBothEventsArriveAfterTheOutage() throws Exception {
        Scenario scenario = ScenarioLoader.inProcess().load(Path.of("..", "config", "scenarios", "flood.yaml"));
        String topic = "envgate/" + scenario.gatewayId() + "/alerts/flood";
        List<JsonNode> arrived = Collections.synchronizedList(new ArrayList<>());
        List<DigitalState> siren = Collections.synchronizedList(new ArrayList<>());
        List<Reading> levels = Collections.synchronizedList(new ArrayList<>());
        List<Reading> rain = Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> pulses = new ArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ScenarioRun run = ScenarioRun.start(scenario, Files.createDirectory(dir.resolve("run")), sent -> { },
                     line -> { })) {
            Path storage = Files.createDirectory(dir.resolve("storage"));
            String yaml = GatewayConfigWriter.yaml(scenario, run.gatewayPorts(), broker.url(), storage);
            assertTrue(yaml.contains("  topic-prefix: envgate\n"), yaml);
            // Reconnect soon after the broker returns, so the test need not wait out a long backoff.
            Path config = Files.writeString(dir.resolve("gateway.yaml"),
                    yaml.replace("  topic-prefix: envgate\n", "  topic-prefix: envgate\n  reconnect-max: 2s\n"));
            try (Gateway gateway = Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(config),
                    Clock.systemUTC(), reading -> {
                        if (reading.quantity() == Quantity.WATER_LEVEL) {
                            levels.add(reading);
                        } else if (reading.quantity() == Quantity.RAINFALL) {
                            rain.add(reading);
                        }
                    })) {
                Context gpio = gateway.gpio().orElseThrow();
                for (ScenarioPulses.PulseSensor pulse : ScenarioPulses.build(scenario, run.clock(), sent -> { })) {
                    pulses.add(pulse.twin().run(gpio, pulse.pin()));
                }
                gpio.registry().get(AlertStage.outputId("flood"), DigitalOutput.class)
                        .addListener(event -> siren.add(event.state()));
                MqttClient before = subscriber(broker, topic, arrived);

                assertTrue(Station.await(() -> last(levels) > 1.8, WAIT), "the river rises: " + last(levels));
                assertTrue(siren.isEmpty() && arrived.isEmpty(), "nothing raised under the mark: " + arrived);
                synchronized (rain) {
                    assertTrue(rain.stream().mapToDouble(Reading::value).sum() > 4, "the storm was measured: " + rain);
                }
                before.disconnectForcibly(1000);
                before.close();
                broker.stop();

                assertTrue(Station.await(() -> siren.contains(DigitalState.LOW), Duration.ofSeconds(120)),
                        "the siren sounded and stopped with the broker down: " + siren);
                assertEquals(List.of(DigitalState.HIGH, DigitalState.LOW), siren, "high once, then low once");
                assertTrue(arrived.isEmpty(), "nothing reached the stopped broker");
                Thread.sleep(2_000);
                broker.restart();
                MqttClient after = subscriber(broker, topic, arrived);
                assertTrue(Station.await(() -> arrived.size() >= 2, WAIT), "both events arrive: " + arrived);
                after.disconnect();
                after.close();
                List<String> states = distinct(arrived);
                assertEquals(List.of("raised", "cleared"), states, "raised once, then cleared once, in order: " + arrived);
                JsonNode raised = arrived.get(0);
                assertEquals("level/water_level", raised.get("source").asText());
                assertEquals("critical", raised.get("severity").asText());
                assertEquals(2.5, raised.get("threshold").asDouble());
                assertTrue(raised.get("value").asDouble() > 2.5, raised.toString());
                assertTrue(arrived.get(arrived.size() - 1).get("value").asDouble() < 2.3, arrived.toString());

                List<JsonNode> retained = Collections.synchronizedList(new ArrayList<>());
                MqttClient later = subscriber(broker, topic, retained);
                assertTrue(Station.await(() -> !retained.isEmpty(), WAIT), "a dashboard connecting later sees the state");
                assertEquals("cleared", retained.get(0).get("state").asText(), "the latest is retained: " + retained);
                later.disconnect();
                later.close();
            } finally {
                for (AutoCloseable pulse : pulses) {
                    pulse.close();
                }
            }
        }
    }

    private static MqttClient subscriber(EmbeddedBroker broker, String topic, List<JsonNode> into) throws MqttException {
        MqttClient client = new MqttClient(broker.url(), MqttClient.generateClientId(), new MemoryPersistence());
        client.connect();
        client.subscribe(topic, 1, (t, message) -> into.add(JSON.readTree(message.getPayload())));
        return client;
    }

    /** The states in order, an event delivered twice (at least once) counted once. */
    private static List<String> distinct(List<JsonNode> events) {
        synchronized (events) {
            return events.stream().distinct().map(event -> event.get("state").asText()).toList();
        }
    }

    private static double last(List<Reading> readings) {
        synchronized (readings) {
            return readings.isEmpty() ? 0 : readings.get(readings.size() - 1).value();
        }
    }
}
