package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/**
 * The Flux dashboard's queries ask only for what ingest writes (docs/ingest.md, "Schema"); no
 * InfluxDB 2 runs here, so they are read, not run (the QuestDB and VictoriaMetrics dashboards' are run).
 */
class GrafanaDashboardTest {

    private static final Pattern MEASUREMENT = Pattern.compile("r\\._measurement == \"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("r\\._field == \"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("r\\.([a-z_]+)");
    private static final Pattern QUOTED = Pattern.compile("\"([a-z0-9_]+)\"");
    private static final Set<String> TAGS = Set.of("gateway", "sensor", "site", "model", "index", "window", "rule",
            "severity");
    /** A window's statistics: {@code <quantity>_<window>} (docs/ingest.md, "Averages"). */
    private static final Pattern AVERAGES = Pattern.compile("([a-z0-9_]+)_(1m|1h|24h)");
    private static final String REPEATED_QUANTITY = "${quantity}";
    private static final Map<String, Set<String>> FIELDS = Map.of(
            PackDecoder.STATUS_MEASUREMENT, Set.of("online", "lat", "lon"),
            PackDecoder.HEALTH_MEASUREMENT, Set.of("backlog", "oldest_unsent_age_s", "clock_code"),
            PackDecoder.SENSOR_HEALTH_MEASUREMENT, Set.of("state_code", "faults", "qc_suspect", "qc_fail"),
            "aqi", Set.of("value", "category", "dominant"),
            "alert", Set.of("raised", "value", "threshold"));
    private static final Set<String> READING_FIELDS = Set.of("value", "qc");
    private static final Set<String> AVERAGE_FIELDS = Set.of("mean", "min", "max", "count", "cover");

    private final JsonNode dashboard = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("grafana/envgate-stations.json").toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyQueryMatchesTheSchema() {
        Set<String> quantities = Arrays.stream(Quantity.values()).map(Quantity::id).collect(Collectors.toSet());
        Set<String> charted = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String flux = target.get("query").asText();
                String title = panel.get("title").asText();
                queries++;
                List<String> measurements = all(MEASUREMENT, flux);
                List<String> fields = all(FIELD, flux);
                assertFalse(measurements.isEmpty(), title + ": every query picks a measurement");
                assertFalse(fields.isEmpty(), title + ": every query picks a field");
                for (String field : fields) {
                    assertTrue(measurements.stream().anyMatch(m -> fieldsOf(m, quantities).contains(field)),
                            title + ": no measurement of " + measurements + " has a field '" + field + "'");
                }
                charted.addAll(measurements);
                checkTags(title, flux);
            }
        }
        assertTrue(queries > 10);
        assertTrue(charted.containsAll(Set.of(REPEATED_QUANTITY, "pm2_5_1h", "aqi", "alert", PackDecoder.STATUS_MEASUREMENT,
                PackDecoder.HEALTH_MEASUREMENT, PackDecoder.SENSOR_HEALTH_MEASUREMENT)),
                "every quantity, the hourly means, the index, the alerts and the stations' health: " + charted);
    }

    @Test
    void theVariablesAreTheSiteTheGatewayAndEveryQuantity() {
        List<String> names = new ArrayList<>();
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            names.add(variable.get("name").asText());
            if (variable.get("type").asText().equals("query")) {
                checkTags(variable.get("name").asText(), variable.get("query").asText());
            }
            if (variable.get("name").asText().equals("quantity")) {
                Set<String> listed = new HashSet<>(all(QUOTED, variable.get("query").asText()));
                listed.remove("${bucket}");
                assertEquals(Arrays.stream(Quantity.values()).map(Quantity::id).collect(Collectors.toSet()),
                        listed.stream().filter(q -> Quantity.byId(q).isPresent()).collect(Collectors.toSet()));
            }
        }
        assertTrue(names.containsAll(List.of("datasource", "bucket", "site", "gateway", "quantity")), names.toString());
    }

    private static Set<String> fieldsOf(String measurement, Set<String> quantities) {
        if (measurement.equals(REPEATED_QUANTITY) || quantities.contains(measurement)) {
            return READING_FIELDS;
        }
        Matcher averages = AVERAGES.matcher(measurement);
        if (averages.matches() && quantities.contains(averages.group(1))) {
            return AVERAGE_FIELDS;
        }
        assertTrue(FIELDS.containsKey(measurement), "unknown measurement " + measurement);
        return FIELDS.get(measurement);
    }

    private static void checkTags(String where, String flux) {
        Matcher tag = TAG.matcher(flux.replaceAll("r\\._[a-z]+", ""));
        while (tag.find()) {
            assertTrue(TAGS.contains(tag.group(1)), where + ": no tag '" + tag.group(1) + "' is written");
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
