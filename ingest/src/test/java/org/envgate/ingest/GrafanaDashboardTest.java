package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The dashboard's queries ask only for what ingest writes (docs/ingest.md, "Schema"). */
class GrafanaDashboardTest {

    private static final Pattern MEASUREMENT = Pattern.compile("r\\._measurement == \"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("r\\._field == \"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("r\\.([a-z_]+)");
    private static final Set<String> TAGS = Set.of("gateway", "sensor", "site", "model", "index", "window", "rule",
            "severity");
    /** A window's statistics: {@code <quantity>_<window>} (docs/ingest.md, "Averages"). */
    private static final Pattern AVERAGES = Pattern.compile("([a-z0-9_]+)_(1m|1h|24h)");
    private static final Set<String> COLUMNS = Set.of("_measurement", "_field", "_value", "_time");

    @Test
    void everyQueryMatchesTheSchema() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("grafana/envgate-stations.json").toFile());
        Map<String, Set<String>> fields = Map.of(
                PackDecoder.STATUS_MEASUREMENT, Set.of("online"),
                PackDecoder.HEALTH_MEASUREMENT, Set.of("backlog"),
                "aqi", Set.of("value", "category", "dominant"),
                "alert", Set.of("raised", "value", "threshold"));
        Set<String> averageFields = Set.of("mean", "min", "max", "count", "cover");
        Set<String> quantities = Arrays.stream(Quantity.values()).map(Quantity::id).collect(Collectors.toSet());
        Set<String> charted = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String flux = target.get("query").asText();
                queries++;
                Matcher m = MEASUREMENT.matcher(flux);
                String measurement = m.find() ? m.group(1) : null;
                Matcher f = FIELD.matcher(flux);
                assertTrue(f.find(), panel.get("title") + ": every query picks a field");
                Matcher averages = AVERAGES.matcher(measurement == null ? "" : measurement);
                if (measurement == null || quantities.contains(measurement)) {
                    assertEquals("value", f.group(1), panel.get("title").asText());
                    charted.add(measurement);
                } else if (averages.matches() && quantities.contains(averages.group(1))) {
                    assertTrue(averageFields.contains(f.group(1)), measurement + "." + f.group(1));
                    charted.add(measurement);
                } else {
                    assertTrue(fields.containsKey(measurement), "unknown measurement " + measurement);
                    assertTrue(fields.get(measurement).contains(f.group(1)), measurement + "." + f.group(1));
                }
                Matcher tag = TAG.matcher(flux.replaceAll("r\\._[a-z]+", ""));
                while (tag.find()) {
                    assertTrue(TAGS.contains(tag.group(1)) || COLUMNS.contains(tag.group(1)),
                            panel.get("title") + ": no tag '" + tag.group(1) + "' is written");
                }
            }
        }
        assertTrue(queries > 10);
        assertTrue(charted.containsAll(Set.of("pm2_5", "pm10", "ph", "dissolved_oxygen", "water_level", "pm2_5_1h")),
                "air and water stations, and the hourly means: " + charted);
        String all = dashboard.toString();
        assertTrue(all.contains("r._measurement == \\\"aqi\\\"") && all.contains("r._measurement == \\\"alert\\\""),
                "the index and the alerts have their panels");
    }
}
