package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.envgate.common.systemd.Watchdog;
import org.envgate.common.testing.NotifyReceiver;
import org.envgate.ingest.config.MqttSettings;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.decode.Stations;
import org.envgate.ingest.mqtt.Delivery;
import org.envgate.ingest.mqtt.Publication;
import org.envgate.ingest.store.PointStore;
import org.envgate.ingest.testing.Await;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd watchdog tied to ingest's pipeline, on a real notify socket: pings while the
 * pipeline's threads turn, none while a store write hangs, pings again once it returns.
 */
class PipelineWatchdogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final MqttSettings MQTT = new MqttSettings("tcp://broker:1883", "envgate", "ingest", Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(60),
            Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private final List<String> acked = Collections.synchronizedList(new ArrayList<>());

    /** A store whose writes hang until released, as a store that accepts a connection and never answers. */
    private static final class HangingStore implements PointStore {
        final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);

        @Override
        public void write(List<String> lines) {
            writing.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Duration writeTimeout() {
            return Duration.ofMillis(100);
        }

        @Override
        public String describe() {
            return "hanging store";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aHungStoreWriteStopsThePingsAndTheyComeBackWhenItReturns() throws Exception {
        HangingStore store = new HangingStore();
        PackDecoder decoder = new PackDecoder("envgate", new PackLimits(1 << 20, Duration.ofDays(90),
                Duration.ofMinutes(10)), new Stations(Map.of()), true);
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString());
             Pipeline pipeline = new Pipeline(decoder, store, new DeadLetters(MQTT), (topic, payload) -> Publication.NOT_STARTED,
                     10_000, 1 << 20, new IngestCounters())) {
            pipeline.start();
            Watchdog watchdog = Watchdog.start("ingest", Map.of("NOTIFY_SOCKET", systemd.path(), "WATCHDOG_USEC", "100000",
                    "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid())), pipeline.heartbeats());
            assertTrue(systemd.await(m -> systemd.count("WATCHDOG=1") >= 3, WAIT),
                    "an idle pipeline turns, so it pings: " + systemd.messages());

            byte[] pack = SenmlCodec.encode("gw-1", List.of(new Reading("pm", Quantity.PM2_5, 12,
                    System.currentTimeMillis() - 1000)));
            pipeline.accept(new Delivery("envgate/gw-1/readings", pack, false, System.currentTimeMillis(),
                    () -> acked.add("m1")));
            assertTrue(store.writing.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(systemd.await(m -> m.startsWith("STATUS=hung: store writer (hanging store) silent for "), WAIT),
                    systemd.messages().toString());
            String status = systemd.messages().stream().filter(m -> m.startsWith("STATUS=hung")).findFirst().orElseThrow();
            assertTrue(status.endsWith("(allowed 400ms)") && !status.contains("decoder"), status);
            long pingsWhenHung = systemd.count("WATCHDOG=1");
            Thread.sleep(600);
            assertEquals(pingsWhenHung, systemd.count("WATCHDOG=1"), "no ping while the write hangs");

            store.released.countDown();
            Await.until(() -> acked.equals(List.of("m1")), WAIT, "the message acknowledged once the write returned");
            assertTrue(systemd.await(m -> systemd.count("WATCHDOG=1") > pingsWhenHung, WAIT),
                    "pings again once the writer turns: " + systemd.messages());
            watchdog.close();
            assertTrue(systemd.await("STOPPING=1", WAIT), systemd.messages().toString());
        }
    }
}
