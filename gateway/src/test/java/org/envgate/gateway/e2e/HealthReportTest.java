package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code P/G/health} tells the agency how far behind a station is and how each sensor is. */
class HealthReportTest {

    @TempDir
    Path storage;

    @Test
    void reportsBacklogCountsStorageClockAndEverySensor() throws Exception {
        AtomicReference<JsonNode> latest = new AtomicReference<>();
        ObjectMapper json = new ObjectMapper();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()), "127.0.0.1", 0)) {
            MqttClient viewer = new MqttClient(broker.url(), "health-viewer", new MemoryPersistence());
            viewer.connect();
            viewer.subscribe("envgate/" + Station.GATEWAY_ID + "/health", 1,
                    (topic, message) -> latest.set(json.readTree(message.getPayload())));
            String yaml = """
                    gateway: {id: %s}
                    storage: {path: %s}
                    mqtt: {url: "%s", health-interval: 500ms}
                    sensors:
                      - {id: pm, model: pms5003, port: "%s", interval: 200ms, warm-up: 0s, mode: passive}
                      - {id: pm-gone, model: pms5003, port: /dev/envgate-no-such-port}
                    """.formatted(Station.GATEWAY_ID, storage, broker.url(), twin.gatewayPort());
            try (Gateway gateway = Gateway.start(Station.load(yaml), Clock.systemUTC(), null)) {
                assertTrue(Station.await(() -> latest.get() != null && latest.get().path("sent").asLong() > 0
                        && "ok".equals(latest.get().path("sensors").path("pm").path("state").asText()), Duration.ofSeconds(30)),
                        "health: " + latest.get());
            } finally {
                viewer.disconnect();
                viewer.close();
            }
        }
        JsonNode health = latest.get();
        assertEquals(Station.GATEWAY_ID, health.path("gateway").asText());
        assertTrue(health.path("time").asDouble() > 1.7e9, health.toString());
        assertTrue(health.path("backlog").isNumber() && health.path("oldest_unsent_age_s").isNumber(), health.toString());
        assertTrue(health.path("storage_used_bytes").asLong() > 0, health.toString());
        assertTrue(health.path("disk_free_bytes").asLong() > 0, health.toString());
        assertTrue(health.path("uptime_s").asLong() >= 0, health.toString());
        assertEquals(0, health.path("dropped").asLong());
        assertTrue(Set.of("synchronized", "unknown").contains(health.path("clock").asText()), "a trusted clock here: " + health);
        assertEquals(0, health.path("untimed").asLong(), health.toString());
        assertTrue(health.path("clock_jumps").isNumber(), health.toString());
        JsonNode gone = health.path("sensors").path("pm-gone");
        assertEquals("port_fault", gone.path("state").asText(), health.toString());
        assertTrue(gone.path("fault").asText().contains("/dev/envgate-no-such-port"), health.toString());
        assertTrue(gone.path("faults").asLong() >= 1, health.toString());
        assertEquals("pms5003", gone.path("model").asText());
        long checked = 0;
        for (String flag : List.of("qc_pass", "qc_not_evaluated", "qc_suspect", "qc_fail")) {
            assertEquals(0, gone.path(flag).asLong(-1), "a sensor that never read has no readings of any flag: " + health);
            checked += health.path("sensors").path("pm").path(flag).asLong();
        }
        assertTrue(checked >= health.path("sent").asLong() && checked > 0,
                "every reading sent was counted under its flag first: " + health);
    }
}
