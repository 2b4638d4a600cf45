package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.scenario.GatewayConfigWriter;
import org.envgate.simulator.scenario.Scenario;
import org.envgate.simulator.scenario.ScenarioLoader;
import org.envgate.simulator.scenario.ScenarioRun;
import org.envgate.simulator.scenario.SentReading;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped pollution episode, a simulated day, run through twins on pseudo-terminals, the real
 * gateway and Moquette, with the gateway's clocks running at the scenario's time factor (900: the
 * day in 96 real seconds). The hourly and daily averages and the VN_AQI values the gateway
 * publishes equal those computed here from the readings: the values delivered are the values the
 * simulator says it sent, and this test averages them, with their flags and the times the gateway
 * stamped them, and computes the index with its own arithmetic from Decision 1459/QD-TCMT.
 */
@Tag("long")
class AveragesAtTimeFactorTest {

    private static final double TIME_FACTOR = 900;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One aggregate record as published. */
    private record Published(String name, long time, double value, int category, String dominant) {
    }

    @Test
    void averagesAndIndexOfADayEqualThoseOfTheReadings() throws Exception {
        Scenario scenario = ScenarioLoader.inProcess().parse("pollution-episode.yaml", fast(
                Files.readString(Path.of("..", "config", "scenarios", "pollution-episode.yaml"))));
        long origin = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<SentReading> sent = Collections.synchronizedList(new ArrayList<>());
        List<Published> published = Collections.synchronizedList(new ArrayList<>());
        Topics topics = new Topics("envgate", scenario.gatewayId());
        List<Reading> delivered;
        long closedBy;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber readings = new ReadingSubscriber(broker.url(), topics)) {
            MqttClient aggregates = new MqttClient(broker.url(), "test-aggregates", new MemoryPersistence());
            aggregates.connect();
            aggregates.subscribe(topics.prefix() + "/" + topics.gatewayId() + "/aggregates", 1,
                    (topic, message) -> published.addAll(records(message.getPayload())));
            try (ScenarioRun run = ScenarioRun.start(scenario, Files.createDirectory(dir.resolve("run")), sent::add,
                    line -> { })) {
                long realStartNanos = System.nanoTime() - (System.currentTimeMillis() - run.clock().realStartMillis())
                        * 1_000_000;
                Path storage = Files.createDirectory(dir.resolve("storage"));
                Path config = Files.writeString(dir.resolve("gateway.yaml"),
                        GatewayConfigWriter.yaml(scenario, run.gatewayPorts(), broker.url(), storage));
                ClockWatch clocks = ScenarioTime.clocks(origin, realStartNanos, TIME_FACTOR, dir.resolve("no-timesyncd"));
                try (Gateway gateway = Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(config), clocks,
                        null)) {
                    long dayAndAnHour = Math.round((DAY + HOUR) / TIME_FACTOR);
                    Thread.sleep(Math.max(0, dayAndAnHour - (System.currentTimeMillis() - run.clock().realStartMillis())));
                    run.close();
                    assertTrue(Station.await(() -> names(published).contains("pm/pm2_5/mean_24h@" + origin)
                            && names(published).contains("_station/aqi_vn_24h@" + origin), WAIT),
                            "the day's averages and index were sent");
                    Thread.sleep(Math.round(2 * HOUR / TIME_FACTOR));
                    // The gateway queues windows every few real seconds: those that ended an hour before it stopped were.
                    closedBy = clocks.wall().millis() - HOUR;
                }
            } finally {
                aggregates.disconnect();
                aggregates.close();
            }
            assertEquals(List.of(), readings.problems());
            delivered = readings.readings();
        }

        assertDeliveredWhatWasSent(sent, delivered);
        Map<String, Published> latest = new TreeMap<>();
        synchronized (published) {
            published.forEach(p -> latest.put(p.name() + "@" + p.time(), p));
        }
        Map<String, Double> truth = averages(delivered);
        int checked = 0;
        for (Map.Entry<String, Double> expected : truth.entrySet()) {
            Published got = latest.get(expected.getKey());
            long start = Long.parseLong(expected.getKey().substring(expected.getKey().indexOf('@') + 1));
            if (start + (expected.getKey().contains("_1h@") ? HOUR : DAY) > closedBy) {
                continue;
            }
            assertTrue(got != null, expected.getKey() + " was published");
            assertEquals(expected.getValue(), got.value(), Math.abs(expected.getValue()) * 1e-12, expected.getKey());
            checked++;
        }
        for (Published p : latest.values()) {
            if (!p.name().startsWith("_station/") && (p.name().endsWith("_1h") || p.name().endsWith("_24h"))) {
                assertTrue(truth.containsKey(p.name() + "@" + p.time()), "no window " + p.name() + " at " + p.time()
                        + " in the readings");
            }
        }

        TreeMap<Long, int[]> hourlyIndex = vnHourlyIndex(delivered);
        TreeSet<Long> withReadings = new TreeSet<>();
        hourlyMeans(delivered).forEach(means -> withReadings.addAll(means.keySet()));
        TreeSet<Integer> categories = new TreeSet<>();
        for (Map.Entry<Long, int[]> hour : hourlyIndex.entrySet()) {
            Published got = latest.get("_station/aqi_vn_1h@" + hour.getKey());
            int[] want = hour.getValue();
            // An hour without a reading of its own may have an index too (2 of the 3 latest hours), but the
            // gateway makes it only if it had closed when the hour before it was averaged: not required here.
            if (hour.getKey() + HOUR > closedBy || got == null && !withReadings.contains(hour.getKey())) {
                continue;
            }
            assertTrue(got != null, "the index of " + Instant.ofEpochMilli(hour.getKey()) + " was published");
            assertEquals(want[0], (int) got.value(), "VN_AQI of " + Instant.ofEpochMilli(hour.getKey()));
            assertEquals(want[1], got.category(), "category of " + Instant.ofEpochMilli(hour.getKey()));
            assertEquals(want[2] == 0 ? "pm2_5" : "pm10", got.dominant(), "dominant of " + Instant.ofEpochMilli(hour.getKey()));
            categories.add(want[1]);
            checked++;
        }
        for (Published p : latest.values()) {
            if (p.name().equals("_station/aqi_vn_1h")) {
                assertTrue(hourlyIndex.containsKey(p.time()), "an index for " + Instant.ofEpochMilli(p.time())
                        + ", which the readings do not give");
            }
        }
        int[] day = vnDailyIndex(delivered, origin);
        Published daily = latest.get("_station/aqi_vn_24h@" + origin);
        assertEquals(day[0], (int) daily.value(), "the day's VN_AQI");
        assertEquals(day[1], daily.category(), "the day's category");
        assertTrue(categories.containsAll(List.of(1, 2, 3, 4, 5)), "the episode goes through five categories: " + categories);
        System.out.printf("averages at time factor %.0f: %d readings, %d averages and hourly index values equal to the "
                + "readings', categories %s, daily VN_AQI %d%n", TIME_FACTOR, delivered.size(), checked, categories, day[0]);
    }

    /** The shipped scenario at this test's pace: a reading every 15 simulated minutes, windows of an hour and a day in UTC. */
    private static String fast(String yaml) {
        String fast = yaml.replace("time-factor: 60\n", "time-factor: " + (long) TIME_FACTOR + "\n")
                .replace("interval: 10s\n", "interval: 1s\n")
                .replace("windows: [1m, 1h, 24h]\n", "windows: [1h, 24h]\n  time-zone: UTC\n");
        assertEquals(3, yaml.split("time-factor: 60\n|interval: 10s\n|windows: \\[1m, 1h, 24h\\]\n", -1).length - 1,
                "the shipped scenario still has the lines this test speeds up");
        return fast;
    }

    /** Every series delivered is the sequence of values sent, from where the gateway took the sensor over. */
    private static void assertDeliveredWhatWasSent(List<SentReading> sent, List<Reading> delivered) {
        Map<String, List<Double>> want;
        synchronized (sent) {
            want = sent.stream().collect(Collectors.groupingBy(r -> r.sensor() + "/" + r.quantity().id(), TreeMap::new,
                    Collectors.mapping(SentReading::value, Collectors.toList())));
        }
        Map<String, List<Double>> got = unique(delivered).values().stream().collect(Collectors.groupingBy(
                r -> r.sensor() + "/" + r.quantity().id(), TreeMap::new, Collectors.mapping(Reading::value, Collectors.toList())));
        assertEquals(want.keySet(), got.keySet());
        for (String series : want.keySet()) {
            List<Double> w = want.get(series);
            List<Double> g = got.get(series);
            int start = w.size() - g.size();
            assertTrue(g.size() > 80 && (start >= 0 && w.subList(start, w.size()).equals(g)
                    || start >= 1 && w.subList(start - 1, w.size() - 1).equals(g)),
                    series + ": delivered " + g + "\nis not the end of what was sent " + w);
        }
    }

    /** The readings by series and time, each once (delivery is at least once). */
    private static TreeMap<String, Reading> unique(List<Reading> delivered) {
        TreeMap<String, Reading> unique = new TreeMap<>();
        for (Reading r : delivered) {
            unique.put(String.format("%s/%s@%015d", r.sensor(), r.quantity().id(), r.timeMillis()), r);
        }
        return unique;
    }

    /** Each hour's and the day's mean, min, max, count and cover of every series, from the readings that passed QC. */
    private static Map<String, Double> averages(List<Reading> delivered) {
        Map<String, List<Double>> windows = new TreeMap<>();
        for (Reading r : unique(delivered).values()) {
            if (r.quality().flag() != QcFlag.PASS) {
                continue;
            }
            String series = r.sensor() + "/" + r.quantity().id() + "/";
            windows.computeIfAbsent(series + "_1h@" + Math.floorDiv(r.timeMillis(), HOUR) * HOUR, k -> new ArrayList<>())
                    .add(r.value());
            windows.computeIfAbsent(series + "_24h@" + Math.floorDiv(r.timeMillis(), DAY) * DAY, k -> new ArrayList<>())
                    .add(r.value());
        }
        Map<String, Double> stats = new HashMap<>();
        windows.forEach((key, values) -> {
            String series = key.substring(0, key.indexOf('_', key.lastIndexOf('/')));
            String window = key.substring(series.length());
            double length = window.startsWith("_1h") ? HOUR : DAY;
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            stats.put(series + "mean" + window, sum / values.size());
            stats.put(series + "min" + window, Collections.min(values));
            stats.put(series + "max" + window, Collections.max(values));
            stats.put(series + "count" + window, (double) values.size());
            // Each reading stands for the sensor's interval as configured, 1 s: a scenario clock's hour is barely covered.
            stats.put(series + "cover" + window, Math.min(1.0, values.size() * 1000.0 / length));
        });
        return stats;
    }

    /** The hourly means of pm's PM2.5 (index 0) and PM10 (index 1) readings that passed, by hour start. */
    private static List<TreeMap<Long, Double>> hourlyMeans(List<Reading> delivered) {
        List<TreeMap<Long, double[]>> sums = List.of(new TreeMap<>(), new TreeMap<>());
        for (Reading r : unique(delivered).values()) {
            if (r.sensor().equals("pm") && r.quality().flag() == QcFlag.PASS
                    && (r.quantity() == Quantity.PM2_5 || r.quantity() == Quantity.PM10)) {
                double[] sum = sums.get(r.quantity() == Quantity.PM2_5 ? 0 : 1)
                        .computeIfAbsent(Math.floorDiv(r.timeMillis(), HOUR) * HOUR, h -> new double[2]);
                sum[0] += r.value();
                sum[1]++;
            }
        }
        List<TreeMap<Long, Double>> means = new ArrayList<>();
        for (TreeMap<Long, double[]> pollutant : sums) {
            TreeMap<Long, Double> m = new TreeMap<>();
            pollutant.forEach((hour, sum) -> m.put(hour, sum[0] / sum[1]));
            means.add(m);
        }
        return means;
    }

    /**
     * VN_AQI of each hour from the first with a reading to the last: per pollutant the NowCast of
     * the 12 hours back from it (Decision 1459, 2.2.1: w* = cmin / cmax, at least 1/2; present
     * with 2 of the 3 latest hours; a missing hour weighs 0), its sub-index from Table 2, the
     * station's the higher. {value, category, 0 for pm2_5 or 1 for pm10}.
     */
    private static TreeMap<Long, int[]> vnHourlyIndex(List<Reading> delivered) {
        List<TreeMap<Long, Double>> means = hourlyMeans(delivered);
        TreeMap<Long, int[]> index = new TreeMap<>();
        long first = Math.min(means.get(0).firstKey(), means.get(1).firstKey());
        long last = Math.max(means.get(0).lastKey(), means.get(1).lastKey()) + HOUR;
        for (long hour = first; hour <= last; hour += HOUR) {
            int[] best = null;
            for (int p = 0; p < 2; p++) {
                List<Double> c = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    c.add(means.get(p).get(hour - i * HOUR));
                }
                if (c.subList(0, 3).stream().filter(v -> v != null).count() < 2) {
                    continue;
                }
                double cmin = c.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElseThrow();
                double cmax = c.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElseThrow();
                double w = Math.max(0.5, cmin / cmax);
                double top = 0;
                double bottom = 0;
                for (int i = 0; i < 12; i++) {
                    if (c.get(i) != null) {
                        top += Math.pow(w, i) * c.get(i);
                        bottom += Math.pow(w, i);
                    }
                }
                int value = vnSubIndex(p, top / bottom);
                if (best == null || value > best[0]) {
                    best = new int[] {value, category(value), p};
                }
            }
            if (best != null) {
                index.put(hour, best);
            }
        }
        return index;
    }

    /** The day's VN_AQI (Decision 1459, 2.2.2): the sub-index of the mean of the day's hourly means. */
    private static int[] vnDailyIndex(List<Reading> delivered, long day) {
        List<TreeMap<Long, Double>> means = hourlyMeans(delivered);
        int[] best = null;
        for (int p = 0; p < 2; p++) {
            List<Double> hours = means.get(p).subMap(day, day + DAY).values().stream().toList();
            assertTrue(hours.size() >= 18, "the day has 18 hours with readings: " + hours.size());
            int value = vnSubIndex(p, hours.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
            if (best == null || value > best[0]) {
                best = new int[] {value, category(value), p};
            }
        }
        return best;
    }

    /** Table 2 of the decision: breakpoints of PM2.5 (0) and PM10 (1), linear between, rounded half up. */
    private static int vnSubIndex(int pollutant, double concentration) {
        double[][] breakpoints = {{0, 25, 50, 80, 150, 250, 350, 500}, {0, 50, 150, 250, 350, 420, 500, 600}};
        int[] indexes = {0, 50, 100, 150, 200, 300, 400, 500};
        double[] bp = breakpoints[pollutant];
        BigDecimal c = BigDecimal.valueOf(concentration);
        for (int i = 1; i < bp.length; i++) {
            if (concentration <= bp[i]) {
                return BigDecimal.valueOf(indexes[i] - indexes[i - 1])
                        .multiply(c.subtract(BigDecimal.valueOf(bp[i - 1])))
                        .divide(BigDecimal.valueOf(bp[i] - bp[i - 1]), MathContext.DECIMAL64)
                        .add(BigDecimal.valueOf(indexes[i - 1])).setScale(0, RoundingMode.HALF_UP).intValue();
            }
        }
        return 500;
    }

    /** Table 1: 0-50 good, 51-100 moderate, 101-150 poor, 151-200 bad, 201-300 very bad, 301-500 hazardous. */
    private static int category(int value) {
        int[] tops = {50, 100, 150, 200, 300, 500};
        for (int i = 0; i < tops.length; i++) {
            if (value <= tops[i]) {
                return i + 1;
            }
        }
        throw new AssertionError(value);
    }

    private static List<String> names(List<Published> published) {
        synchronized (published) {
            return published.stream().map(p -> p.name() + "@" + p.time()).toList();
        }
    }

    private static List<Published> records(byte[] payload) throws Exception {
        List<Published> records = new ArrayList<>();
        for (JsonNode record : JSON.readTree(payload)) {
            records.add(new Published(record.get("n").asText(), new BigDecimal(record.get("t").asText())
                    .movePointRight(3).longValueExact(), record.get("v").asDouble(),
                    record.has("cat") ? record.get("cat").asInt() : 0, record.has("dom") ? record.get("dom").asText() : ""));
        }
        return records;
    }
}
