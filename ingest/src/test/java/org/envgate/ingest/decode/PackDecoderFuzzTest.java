package org.envgate.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.config.StationTags;
import org.envgate.wire.Quantity;

/**
 * Whole messages, topic and payload, as any client of the broker could send them: the decoder
 * must answer each with points, a rejection or nothing, never by an exception, and what it
 * stores must be single lines of known measurements with plausible values.
 */
class PackDecoderFuzzTest {

    private static final long NOW = 1_767_225_600_000L;
    private static final String[] KINDS = {"readings", "status", "health"};

    private final PackDecoder decoder = new PackDecoder("envgate",
            new PackLimits(256 * 1024, Duration.ofDays(90), Duration.ofMinutes(10)),
            new Stations(Map.of("gw", new StationTags(Optional.of("lien-chieu"), Map.of("pm", "pms5003")))), true);

    /**
     * The first byte picks the topic (mostly a well-formed one, so the payload gets decoded: 0-11
     * readings, status or health, 12-13 aggregates); the rest is the payload.
     */
    @FuzzTest
    void wholeMessage(FuzzedDataProvider data) {
        int pick = data.consumeInt(0, 15);
        String topic = pick < 12 ? "envgate/" + (pick % 2 == 0 ? "gw" : "gw-2") + "/" + KINDS[pick % 3]
                : pick < 14 ? "envgate/gw/aggregates"
                : data.consumeString(80);
        byte[] payload = data.consumeRemainingAsBytes();

        Decoded decoded = decoder.decode(topic, payload, NOW);

        if (decoded instanceof Decoded.Rejected rejected) {
            assertFalse(rejected.reason().startsWith("undecodable"), rejected.reason());
        } else if (decoded instanceof Decoded.Points points) {
            for (String line : points.lines()) {
                assertFalse(line.contains("\n") || line.contains("\r"), line);
                String measurement = line.substring(0, line.indexOf(','));
                if (points.readings() > 0) {
                    Quantity quantity = Quantity.byId(measurement).orElseThrow();
                    // value is the first field; quality fields may follow it
                    String fields = line.substring(line.indexOf(" value=") + 7, line.lastIndexOf(' '));
                    String value = fields.split(",", 2)[0];
                    assertTrue(quantity.isPlausible(Double.parseDouble(value)), line);
                } else if (topic.endsWith("/aggregates")) {
                    assertTrue(measurement.equals(PackDecoder.INDEX_MEASUREMENT) || Arrays.stream(Quantity.values())
                            .anyMatch(q -> measurement.startsWith(q.id() + "_")), line);
                } else {
                    assertTrue(measurement.equals(PackDecoder.STATUS_MEASUREMENT)
                            || measurement.equals(PackDecoder.HEALTH_MEASUREMENT)
                            || measurement.equals(PackDecoder.SENSOR_HEALTH_MEASUREMENT), line);
                }
            }
        }
    }
}
