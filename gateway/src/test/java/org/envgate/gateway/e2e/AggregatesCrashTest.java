package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process, killed with SIGKILL every few seconds for more than two
 * minutes and restarted on the same storage. Every 1-minute window it sends on
 * {@code P/G/aggregates}, each time it sends it, must equal the window computed here, with this
 * test's own arithmetic, from the readings that reached the broker: a window may come twice,
 * never wrong, and none that closed is missing.
 */
class AggregatesCrashTest {

    private static final long MINUTE = 60_000;
    private static final long RUN_MS = 140_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One version of a window's statistics as received. */
    private record Window(long start, double mean, long count) {
    }

    @Test
    void killsMidWindowNeverSendAWrongWindowNorLoseOne() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Random random = new Random(13);
        SensorTwin pms = TwinProvider.all().get("pms5003").create(TwinOptions.defaults());
        List<Window> received = new ArrayList<>();
        Topics topics = new Topics("envgate", Station.GATEWAY_ID);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber readings = new ReadingSubscriber(broker.url(), topics);
             TwinServer twin = TwinServer.tcp(pms, "127.0.0.1", 0)) {
            MqttClient aggregates = new MqttClient(broker.url(), "test-aggregates", new MemoryPersistence());
            aggregates.connect();
            aggregates.subscribe(topics.prefix() + "/" + topics.gatewayId() + "/aggregates", 1,
                    (topic, message) -> collect(message.getPayload(), received));
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, Station.yaml(storage, broker.url(), "pm", twin.gatewayPort(), "200ms", "passive")
                    + "aggregates: {windows: [1m], time-zone: UTC}\n");

            long started = System.currentTimeMillis();
            int cycle = 0;
            while (System.currentTimeMillis() - started < RUN_MS) {
                Process gateway = startGateway(config, cycle++);
                Thread.sleep(4_000 + random.nextInt(12_000));
                gateway.destroyForcibly().waitFor();
            }
            long lastKill = System.currentTimeMillis();
            Process last = startGateway(config, cycle);
            try {
                long firstMinute = Math.floorDiv(readings.readings().stream().mapToLong(Reading::timeMillis).min()
                        .orElseThrow(), MINUTE) * MINUTE;
                long lastClosed = Math.floorDiv(lastKill, MINUTE) * MINUTE - MINUTE;
                assertTrue(Station.await(() -> starts(received).containsAll(minutes(firstMinute, lastClosed)), WAIT),
                        "every closed minute is sent: " + minutes(firstMinute, lastClosed) + ", got " + starts(received));
                Map<Long, Window> expected = expected(readings.readings());
                List<Window> versions;
                synchronized (received) {
                    versions = List.copyOf(received);
                }
                int resent = 0;
                Set<Long> seen = new HashSet<>();
                for (Window version : versions) {
                    Window truth = expected.get(version.start());
                    assertEquals(truth.count(), version.count(), "count of the minute at " + version.start());
                    assertEquals(truth.mean(), version.mean(), 1e-9, "mean of the minute at " + version.start());
                    resent += seen.add(version.start()) ? 0 : 1;
                }
                System.out.printf("aggregates crash checker: %d kills, %d minutes sent, %d sent again, all equal to "
                        + "the readings delivered%n", cycle, seen.size(), resent);
                assertTrue(seen.size() >= 2, "windows were sent across the kills: " + seen.size());
            } finally {
                last.destroy();
                last.waitFor();
                aggregates.disconnect();
                aggregates.close();
            }
        }
    }

    private static void collect(byte[] payload, List<Window> received) throws Exception {
        List<Map<String, Object>> pack = JSON.readValue(payload, new TypeReference<>() { });
        Map<Long, Map<String, Double>> byStart = new TreeMap<>();
        for (Map<String, Object> record : pack) {
            String name = (String) record.get("n");
            if (name.startsWith("pm/pm2_5/")) {
                long start = Math.round(((Number) record.get("t")).doubleValue() * 1000);
                byStart.computeIfAbsent(start, s -> new HashMap<>())
                        .put(name.substring("pm/pm2_5/".length()), ((Number) record.get("v")).doubleValue());
            }
        }
        synchronized (received) {
            byStart.forEach((start, stats) -> received.add(new Window(start, stats.getOrDefault("mean_1m", Double.NaN),
                    Math.round(stats.get("count_1m")))));
        }
    }

    /** Each minute's mean and count of the pm2_5 readings that passed, computed here from the readings delivered. */
    private static Map<Long, Window> expected(List<Reading> delivered) {
        Map<Long, Reading> unique = new TreeMap<>();
        delivered.stream().filter(r -> r.quantity() == Quantity.PM2_5 && r.quality().flag() == QcFlag.PASS)
                .forEach(r -> unique.put(r.timeMillis(), r));
        Map<Long, double[]> sums = new TreeMap<>();
        for (Reading r : unique.values()) {
            double[] sum = sums.computeIfAbsent(Math.floorDiv(r.timeMillis(), MINUTE) * MINUTE, s -> new double[2]);
            sum[0] += r.value();
            sum[1]++;
        }
        Map<Long, Window> windows = new HashMap<>();
        sums.forEach((start, sum) -> windows.put(start, new Window(start, sum[0] / sum[1], (long) sum[1])));
        return windows;
    }

    private static Set<Long> starts(List<Window> received) {
        synchronized (received) {
            Set<Long> starts = new HashSet<>();
            received.forEach(w -> starts.add(w.start()));
            return starts;
        }
    }

    private static Set<Long> minutes(long from, long to) {
        Set<Long> minutes = new HashSet<>();
        for (long m = from; m <= to; m += MINUTE) {
            minutes.add(m);
        }
        return minutes;
    }

    private Process startGateway(Path config, int cycle) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.envgate.gateway.Main", "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway-" + cycle + ".log").toFile())
                .start();
    }
}
