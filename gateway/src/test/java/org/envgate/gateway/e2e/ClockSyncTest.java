package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.Version;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.MonotonicClock;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.gateway.testing.SettableClock;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the gateway starts with its clock at 2001, as a Pi without a real-time clock
 * can, and systemd-timesyncd sets it later. Nothing is published with the wrong time; every
 * reading taken before arrives afterwards with the time it was really taken, in order.
 */
class ClockSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How far a delivered time may be from the moment the reading was really taken. */
    private static final long BOUND_MS = 250;

    @TempDir
    Path storage;

    @TempDir
    Path run;

    /** A reading as the gateway took it, and the true time then. */
    private record Taken(Reading reading, long trueMillis) {
    }

    @Test
    void readingsTakenBeforeTheClockIsSetArriveWithTheirTrueTimeInOrder() throws Exception {
        SettableClock wall = new SettableClock(Instant.parse("2001-01-01T00:00:00Z"));
        Path flag = run.resolve("timesync").resolve("synchronized");
        ClockWatch clock = new ClockWatch(wall, MonotonicClock.system(), flag, Version.builtAt());
        List<Taken> taken = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<JsonNode> health = new AtomicReference<>();
        ObjectMapper json = new ObjectMapper();
        Topics topics = new Topics("envgate", Station.GATEWAY_ID);
        List<Reading> delivered;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withSeed(9)),
                     "127.0.0.1", 0);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics)) {
            MqttClient viewer = new MqttClient(broker.url(), "health-viewer", new MemoryPersistence());
            viewer.connect();
            viewer.subscribe(topics.health(), 1, (topic, message) -> health.set(json.readTree(message.getPayload())));
            try (Gateway gateway = Gateway.start(Station.load(yaml(broker, twin)), clock,
                    r -> taken.add(new Taken(r, System.currentTimeMillis())))) {
                assertTrue(awaitHealth(health, h -> "unsynchronized".equals(h.path("clock").asText())
                        && h.path("untimed").asLong() >= 30), "held while the clock reads 2001: " + health.get());
                assertFalse(health.get().has("time"), "no time claimed from a wrong clock: " + health.get());
                assertEquals(0, health.get().path("backlog").asLong(), health.get().toString());
                assertEquals(List.of(), subscriber.readings(), "nothing published with the 2001 time");

                wall.setTo(Instant.now());
                Files.createDirectories(flag.getParent());
                Files.createFile(flag);
                int takenAtSync = taken.size();

                assertTrue(subscriber.awaitReadings(r -> r.stream().distinct().count() >= takenAtSync + 15, WAIT),
                        "delivered after sync: " + subscriber.readings().size() + " of " + takenAtSync + " held");
                assertTrue(awaitHealth(health, h -> "synchronized".equals(h.path("clock").asText())
                        && h.path("untimed").asLong() == 0 && h.path("clock_jumps").asLong() >= 1), "after: " + health.get());
                assertTrue(health.get().path("time").asDouble() * 1000 > System.currentTimeMillis() - 60_000, health.get().toString());
            } finally {
                viewer.disconnect();
                viewer.close();
            }
            assertEquals(List.of(), subscriber.problems());
            delivered = subscriber.readings().stream().distinct().toList();
        }
        assertTrue(delivered.size() <= taken.size(), delivered.size() + " delivered, " + taken.size() + " taken");
        for (int i = 0; i < delivered.size(); i++) {
            Reading got = delivered.get(i);
            Taken really = taken.get(i);
            assertEquals(really.reading().quantity(), got.quantity(), "in the order taken, at " + i);
            assertEquals(really.reading().value(), got.value(), "in the order taken, at " + i);
            assertTrue(Math.abs(got.timeMillis() - really.trueMillis()) <= BOUND_MS, "reading " + i + " taken at "
                    + Instant.ofEpochMilli(really.trueMillis()) + " arrived stamped " + Instant.ofEpochMilli(got.timeMillis()));
        }
    }

    @Test
    void readingsHeldThroughARebootAreNeverSentButStayCounted() throws Exception {
        Path flag = run.resolve("timesync").resolve("synchronized");
        MonotonicClock beforeThePowerCut = new MonotonicClock() {
            @Override
            public String boot() {
                return "boot-before-the-power-cut";
            }

            @Override
            public long millis() {
                return System.nanoTime() / 1_000_000;
            }
        };
        AtomicReference<JsonNode> health = new AtomicReference<>();
        ObjectMapper json = new ObjectMapper();
        Topics topics = new Topics("envgate", Station.GATEWAY_ID);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withSeed(3)),
                     "127.0.0.1", 0);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics)) {
            long held;
            ClockWatch unset = new ClockWatch(new SettableClock(Instant.parse("2001-01-01T00:00:00Z")), beforeThePowerCut,
                    flag, Version.builtAt());
            try (Gateway gateway = Gateway.start(Station.load(yaml(broker, twin)), unset, null)) {
                assertTrue(Station.await(() -> gateway.buffer().untimed() >= 15, WAIT), "held: " + gateway.buffer().untimed());
            }
            try (ReadingBuffer buffer = ReadingBuffer.open(Station.load(yaml(broker, twin)).storage())) {
                held = buffer.untimed();
            }

            MqttClient viewer = new MqttClient(broker.url(), "health-viewer", new MemoryPersistence());
            viewer.connect();
            viewer.subscribe(topics.health(), 1, (topic, message) -> health.set(json.readTree(message.getPayload())));
            Files.createDirectories(flag.getParent());
            Files.createFile(flag);
            long restarted = System.currentTimeMillis();
            ClockWatch set = new ClockWatch(Clock.systemUTC(), MonotonicClock.system(), flag, Version.builtAt());
            try (Gateway gateway = Gateway.start(Station.load(yaml(broker, twin)), set, null)) {
                assertTrue(subscriber.awaitReadings(r -> r.size() >= 15, WAIT), "delivered: " + subscriber.readings().size());
                assertTrue(awaitHealth(health, h -> "synchronized".equals(h.path("clock").asText())
                        && h.path("sent").asLong() >= 15), "health: " + health.get());
                assertEquals(held, health.get().path("untimed").asLong(), "still held, still counted: " + health.get());
            } finally {
                viewer.disconnect();
                viewer.close();
            }
            for (Reading r : subscriber.readings()) {
                assertTrue(r.timeMillis() >= restarted - BOUND_MS, "a reading held before the reboot went out as "
                        + Instant.ofEpochMilli(r.timeMillis()) + ": " + r);
            }
        }
    }

    private String yaml(EmbeddedBroker broker, TwinServer twin) {
        return """
                gateway: {id: %s}
                storage: {path: %s}
                mqtt: {url: "%s", health-interval: 300ms}
                sensors:
                  - {id: pm, model: pms5003, port: "%s", interval: 200ms, warm-up: 0s, mode: passive}
                """.formatted(Station.GATEWAY_ID, storage, broker.url(), twin.gatewayPort());
    }

    private static boolean awaitHealth(AtomicReference<JsonNode> health, Predicate<JsonNode> done) throws InterruptedException {
        return Station.await(() -> health.get() != null && done.test(health.get()), WAIT);
    }
}
