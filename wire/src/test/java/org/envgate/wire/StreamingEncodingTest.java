package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The health, status and alert messages are written with jackson-core's streaming generator; these
 * tests hold them to the bytes jackson-databind's tree wrote before (the encoding kept here as the
 * reference), over odd texts (quotes, backslashes, control characters, line separators, emoji,
 * lone surrogates), odd numbers (NaN, infinities, -0, extremes), absent values, empty and
 * repeated sensors.
 */
class StreamingEncodingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int CASES = 2_000;
    private static final String[] ODD_TEXTS = {"", "\"", "\\", "\"\\/", "\u0000", "\u0001\u001f\u007f", "\b\f\n\r\t",
        "\u2028\u2029", "é ü ñ", "Đà Nẵng", "😀", "\ud83d", "\ude00", "a\ud83dz", "<script>&amp;</script>", "'",
        "{\"k\":[1,2]}", "\uffff\ufffe", "x".repeat(300), "x".repeat(255) + "😀"};
    private static final double[] ODD_NUMBERS = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e21, 0.1 + 0.2, -273.15, 3.5};
    private static final long[] ODD_LONGS = {0, 1, 999, 1_000, -1, -1_001, Long.MAX_VALUE, Long.MIN_VALUE,
        1_795_877_531_630L};

    @Test
    void healthIsWrittenAsTheTreeWroteIt() {
        Random random = new Random(17);
        for (int i = 0; i < CASES; i++) {
            GatewayHealth health = health(random);
            assertSameBytes(databind(health), health.toJson());
        }
    }

    @Test
    void statusIsWrittenAsTheTreeWroteIt() {
        Random random = new Random(18);
        for (int i = 0; i < CASES; i++) {
            GatewayStatus status = new GatewayStatus(text(random), text(random), text(random), number(random),
                    station(random));
            assertSameBytes(databind(status), status.toJson());
        }
        GatewayStatus bare = new GatewayStatus(GatewayStatus.OFFLINE, "gw", "0.1.0", 0);
        assertEquals("{\"state\":\"offline\",\"gateway\":\"gw\",\"version\":\"0.1.0\",\"time\":0.000}",
                new String(bare.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void alertIsWrittenAsTheTreeWroteIt() {
        Random random = new Random(19);
        List<String> sources = List.of("pm/pm2_5", "t/temperature/mean_1h", AlertEvent.STATION_SOURCES.get(0),
                AlertEvent.STATION_SOURCES.get(3));
        double[] finite = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-7, 1e21, 0.30000000000000004,
            35.5, -12};
        for (int i = 0; i < CASES; i++) {
            AlertEvent event = new AlertEvent("rule-" + random.nextInt(100), random.nextBoolean(), number(random),
                    AlertEvent.Severity.values()[random.nextInt(3)], sources.get(random.nextInt(sources.size())),
                    random.nextBoolean() ? finite[random.nextInt(finite.length)] : random.nextGaussian() * 1e3,
                    random.nextBoolean() ? finite[random.nextInt(finite.length)] : random.nextDouble());
            assertSameBytes(databind(event), event.toJson());
        }
    }

    private static void assertSameBytes(byte[] expected, byte[] actual) {
        assertArrayEquals(expected, actual, () -> "expected " + new String(expected, StandardCharsets.UTF_8)
                + "\nbut was  " + new String(actual, StandardCharsets.UTF_8));
    }

    private static GatewayHealth health(Random random) {
        List<GatewayHealth.SensorHealth> sensors = new ArrayList<>();
        int count = random.nextInt(4) == 0 ? 0 : random.nextInt(16);
        for (int s = 0; s < count; s++) {
            // Ids from a small set, so that some repeat.
            sensors.add(new GatewayHealth.SensorHealth("s" + random.nextInt(10), text(random), text(random),
                    text(random), count(random), text(random), random.nextBoolean() ? Optional.empty()
                    : Optional.of(new QcCounts(count(random), count(random), count(random), count(random)))));
        }
        return new GatewayHealth(text(random), text(random),
                random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(number(random)), count(random),
                count(random), random.nextBoolean() ? ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)]
                : random.nextDouble() * 1e5, count(random), count(random), count(random), count(random), count(random),
                text(random), count(random), count(random), sensors);
    }

    private static StationDescription station(Random random) {
        if (random.nextInt(4) == 0) {
            return StationDescription.NONE;
        }
        Optional<Location> location = random.nextBoolean() ? Optional.empty() : Optional.of(new Location(
                random.nextBoolean() ? -0.0 : random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180,
                random.nextBoolean() ? OptionalDouble.empty() : OptionalDouble.of(random.nextInt(9000) + random.nextDouble())));
        List<StationDescription.SensorDescription> sensors = new ArrayList<>();
        int count = random.nextInt(3) == 0 ? 0 : random.nextInt(16);
        Quantity[] known = Quantity.values();
        for (int s = 0; s < count; s++) {
            List<Quantity> quantities = new ArrayList<>();
            for (int q = random.nextInt(5); q > 0; q--) {
                quantities.add(known[random.nextInt(known.length)]);
            }
            sensors.add(new StationDescription.SensorDescription("s" + random.nextInt(10), "model-" + random.nextInt(5),
                    quantities));
        }
        return new StationDescription(random.nextBoolean() ? "" : "site-" + random.nextInt(100), location, sensors);
    }

    private static String text(Random random) {
        if (random.nextInt(3) == 0) {
            return "plain-" + random.nextInt(1000);
        }
        if (random.nextBoolean()) {
            return ODD_TEXTS[random.nextInt(ODD_TEXTS.length)];
        }
        StringBuilder text = new StringBuilder();
        for (int c = random.nextInt(40); c > 0; c--) {
            text.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x80)));
        }
        return text.toString();
    }

    private static long count(Random random) {
        return random.nextBoolean() ? ODD_LONGS[random.nextInt(3)] : random.nextLong() >>> random.nextInt(64);
    }

    private static long number(Random random) {
        return random.nextBoolean() ? ODD_LONGS[random.nextInt(ODD_LONGS.length)] : random.nextLong() >> random.nextInt(64);
    }

    // The encodings these messages had before, through jackson-databind's tree.

    private static byte[] databind(GatewayHealth health) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("gateway", health.gateway());
        json.put("version", health.version());
        if (health.timeMillis().isPresent()) {
            json.put("time", BigDecimal.valueOf(health.timeMillis().getAsLong(), 3));
        }
        json.put("uptime_s", health.uptimeSeconds());
        json.put("backlog", health.backlog());
        json.put("oldest_unsent_age_s", health.oldestUnsentAgeSeconds());
        json.put("sent", health.sent());
        json.put("resent", health.resent());
        json.put("dropped", health.dropped());
        json.put("storage_used_bytes", health.storageUsedBytes());
        json.put("disk_free_bytes", health.diskFreeBytes());
        json.put("clock", health.clock());
        json.put("untimed", health.untimed());
        json.put("clock_jumps", health.clockJumps());
        ObjectNode bySensor = json.putObject("sensors");
        for (GatewayHealth.SensorHealth sensor : health.sensors()) {
            ObjectNode s = bySensor.putObject(sensor.id());
            s.put("model", sensor.model());
            s.put("port", sensor.port());
            s.put("state", sensor.state());
            s.put("faults", sensor.faults());
            if (!sensor.fault().isEmpty()) {
                s.put("fault", DeclaredFields.cut(sensor.fault()));
            }
            if (sensor.qc().isPresent()) {
                for (QcFlag flag : QcFlag.values()) {
                    s.put(QcCounts.field(flag), sensor.qc().get().of(flag));
                }
            }
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] databind(GatewayStatus status) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("state", status.state());
        json.put("gateway", status.gateway());
        json.put("version", status.version());
        json.put("time", BigDecimal.valueOf(status.timeMillis(), 3));
        StationDescription station = status.station();
        if (!station.site().isEmpty()) {
            json.put("site", station.site());
        }
        station.location().ifPresent(where -> {
            ObjectNode at = json.putObject("location");
            at.put("lat", where.lat());
            at.put("lon", where.lon());
            where.elevation().ifPresent(elevation -> at.put("elevation", elevation));
        });
        if (!station.sensors().isEmpty()) {
            ObjectNode bySensor = json.putObject("sensors");
            for (StationDescription.SensorDescription sensor : station.sensors()) {
                ObjectNode entry = bySensor.putObject(sensor.id());
                entry.put("model", sensor.model());
                ArrayNode quantities = entry.putArray("quantities");
                sensor.quantities().forEach(quantity -> quantities.add(quantity.id()));
            }
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] databind(AlertEvent event) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("rule", event.rule());
        json.put("state", event.state());
        json.put("time", BigDecimal.valueOf(event.timeMillis(), 3));
        json.put("severity", event.severity().key());
        json.put("source", event.source());
        json.put("value", event.value());
        json.put("threshold", event.threshold());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
