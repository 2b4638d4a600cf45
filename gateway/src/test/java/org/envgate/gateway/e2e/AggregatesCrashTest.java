package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process, killed with SIGKILL every few seconds for more than two
 * minutes and restarted on the same storage. Every 1-minute window it sends on
 * {@code P/G/aggregates}, each time it sends it, must equal the window computed here, with this
 * test's own arithmetic, from the readings that reached the broker: a window may come twice,
 * never wrong, and none that closed is missing. On a simulated clock, the same holds for the
 * hourly means and the hourly index, killed in the middle of an hour.
 */
@Tag("long")
class AggregatesCrashTest {

    private static final long MINUTE = 60_000;
    private static final long RUN_MS = 140_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TIME_FACTOR = 120;
    private static final long SLOW_MS = 5_000;
    private static final long HOUR = VnAqiByHand.HOUR;

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

    /**
     * The same kills on a simulated clock (an hour in 35 real seconds; real speed for the first 5 s
     * of each hour, so an hour closes only once its readings are in the buffer, as on a real clock),
     * most of them in the middle of an hour: every version of every hourly mean and count and of
     * every hourly VN_AQI value sent equals what this test computes from the readings delivered,
     * and every hour that closed before the last kill is sent.
     */
    @Test
    void killsMidHourNeverSendAWrongHourlyMeanOrIndex() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Random random = new Random(17);
        SensorTwin pms = TwinProvider.all().get("pms5003").create(TwinOptions.defaults());
        List<Published> received = Collections.synchronizedList(new ArrayList<>());
        Topics topics = new Topics("envgate", Station.GATEWAY_ID);
        long origin = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long realStartNanos = System.nanoTime();
        Clock simulated = ScenarioTime.clocks(origin, realStartNanos, TIME_FACTOR, SLOW_MS, dir.resolve("none")).wall();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber readings = new ReadingSubscriber(broker.url(), topics);
             TwinServer twin = TwinServer.tcp(pms, "127.0.0.1", 0)) {
            MqttClient aggregates = new MqttClient(broker.url(), "test-aggregates", new MemoryPersistence());
            aggregates.connect();
            aggregates.subscribe(topics.prefix() + "/" + topics.gatewayId() + "/aggregates", 1,
                    (topic, message) -> received.addAll(hourly(message.getPayload())));
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, Station.yaml(storage, broker.url(), "pm", twin.gatewayPort(), "200ms", "passive")
                    + "aggregates: {windows: [1h], time-zone: UTC}\naqi: {indexes: [vn], pm2_5: pm, pm10: pm}\n");
            String[] args = {config.toString(), Long.toString(origin), Long.toString(realStartNanos),
                    Double.toString(TIME_FACTOR), Long.toString(SLOW_MS)};

            long started = System.currentTimeMillis();
            int cycle = 0;
            int midHour = 0;
            while (System.currentTimeMillis() - started < RUN_MS) {
                Process gateway = startGateway(config, cycle++, "org.envgate.gateway.e2e.ScenarioTimeGateway", args);
                Thread.sleep(4_000 + random.nextInt(12_000));
                gateway.destroyForcibly().waitFor();
                midHour += Math.floorMod(simulated.millis(), HOUR) > SLOW_MS ? 1 : 0;
            }
            long lastKill = simulated.millis();
            Process last = startGateway(config, cycle, "org.envgate.gateway.e2e.ScenarioTimeGateway", args);
            try {
                long lastClosed = Math.floorDiv(lastKill, HOUR) * HOUR - HOUR;
                assertTrue(Station.await(() -> {
                    Map<String, Published> truth = truth(readings.readings());
                    Map<String, Published> latest = latest(received);
                    return truth.keySet().stream().filter(key -> startOf(key) <= lastClosed)
                            .allMatch(key -> same(truth.get(key), latest.get(key)));
                }, WAIT), "every hour that closed before the last kill is sent, and the readings of each delivered");
                Map<String, Published> truth = truth(readings.readings());
                List<Published> versions;
                synchronized (received) {
                    versions = List.copyOf(received);
                }
                Set<String> seen = new HashSet<>();
                int resent = 0;
                for (Published version : versions) {
                    String key = version.name() + "@" + version.start();
                    assertTrue(same(truth.get(key), version), "every version sent of " + key + ": " + version
                            + ", from the readings " + truth.get(key));
                    resent += seen.add(key) ? 0 : 1;
                }
                long indexes = seen.stream().filter(key -> key.startsWith("_station/") && startOf(key) <= lastClosed).count();
                System.out.printf("aggregates crash checker, simulated hours: %d kills (%d in the middle of an hour), "
                        + "%d hourly values sent, %d sent again, %d hourly VN_AQI values, all equal to the readings "
                        + "delivered%n", cycle, midHour, seen.size(), resent, indexes);
                assertTrue(indexes >= 2, "the index was sent across the kills: " + indexes);
                assertTrue(midHour >= 5, "kills in the middle of an hour: " + midHour);
            } finally {
                last.destroy();
                last.waitFor();
                aggregates.disconnect();
                aggregates.close();
            }
        }
    }

    /** One hourly value as sent: a pm2_5 or pm10 mean or count, or the station's VN_AQI with its category. */
    private record Published(String name, long start, double value, int category) {
    }

    private static List<Published> hourly(byte[] payload) throws Exception {
        List<Published> hourly = new ArrayList<>();
        for (Map<String, Object> record : JSON.readValue(payload, new TypeReference<List<Map<String, Object>>>() { })) {
            String name = (String) record.get("n");
            if (name.matches("pm/pm(2_5|10)/(mean|count)_1h|_station/aqi_vn_1h")) {
                hourly.add(new Published(name, Math.round(((Number) record.get("t")).doubleValue() * 1000),
                        ((Number) record.get("v")).doubleValue(),
                        record.containsKey("cat") ? ((Number) record.get("cat")).intValue() : 0));
            }
        }
        return hourly;
    }

    /** Each hour's pm2_5 and pm10 mean and count, and the VN_AQI of every hour that has one, from the readings. */
    private static Map<String, Published> truth(List<Reading> delivered) {
        Map<String, Reading> unique = new TreeMap<>();
        delivered.forEach(r -> unique.put(r.sensor() + "/" + r.quantity().id() + "@" + r.timeMillis(), r));
        List<TreeMap<Long, Double>> means = VnAqiByHand.hourlyMeans(unique.values(), "pm");
        Map<String, Published> truth = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            String series = p == 0 ? "pm/pm2_5/" : "pm/pm10/";
            Quantity quantity = p == 0 ? Quantity.PM2_5 : Quantity.PM10;
            for (Map.Entry<Long, Double> hour : means.get(p).entrySet()) {
                long count = unique.values().stream().filter(r -> r.quantity() == quantity
                        && r.quality().flag() == QcFlag.PASS && Math.floorDiv(r.timeMillis(), HOUR) * HOUR == hour.getKey())
                        .count();
                truth.put(series + "mean_1h@" + hour.getKey(), new Published(series + "mean_1h", hour.getKey(),
                        hour.getValue(), 0));
                truth.put(series + "count_1h@" + hour.getKey(), new Published(series + "count_1h", hour.getKey(),
                        count, 0));
            }
        }
        if (!means.get(0).isEmpty()) {
            VnAqiByHand.hourly(unique.values(), "pm").forEach((hour, index) -> truth.put("_station/aqi_vn_1h@" + hour,
                    new Published("_station/aqi_vn_1h", hour, index[0], index[1])));
        }
        return truth;
    }

    /** The same value, a mean to the last few bits (summed in another order). */
    private static boolean same(Published want, Published got) {
        return want != null && got != null && want.name().equals(got.name()) && want.start() == got.start()
                && want.category() == got.category()
                && Math.abs(want.value() - got.value()) <= 1e-9 * Math.max(1, Math.abs(want.value()));
    }

    private static Map<String, Published> latest(List<Published> received) {
        Map<String, Published> latest = new HashMap<>();
        synchronized (received) {
            received.forEach(p -> latest.put(p.name() + "@" + p.start(), p));
        }
        return latest;
    }

    private static long startOf(String key) {
        return Long.parseLong(key.substring(key.indexOf('@') + 1));
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
        return startGateway(config, cycle, "org.envgate.gateway.Main", "run", "--config", config.toString());
    }

    private Process startGateway(Path config, int cycle, String mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway-" + cycle + ".log").toFile())
                .start();
    }
}
