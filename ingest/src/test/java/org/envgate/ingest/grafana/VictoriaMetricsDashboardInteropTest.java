package org.envgate.ingest.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.envgate.common.testing.Mosquitto;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.TestClient;
import org.envgate.ingest.testing.VictoriaMetrics;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of envgate-stations-victoriametrics.json, each variable's too, run as Grafana's
 * Prometheus data source runs it ({@code /api/v1/query_range} for a time series,
 * {@code /api/v1/query} for an instant query, {@code /api/v1/label/.../values} for
 * {@code label_values}) against Debian's victoria-metrics, filled by ingest with
 * {@code influx.text-fields: false} from two stations' messages on Debian's mosquitto.
 */
@Tag("interop")
class VictoriaMetricsDashboardInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PREFIX = "vmdash";
    private static final Duration LATENCY_OFFSET = Duration.ofSeconds(31);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*), *([a-z_]+)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_]+)(?::([a-z]+))?}|\\$([a-z_]+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private String vmUrl;
    private long now;

    @Test
    void everyVariableAndEveryPanelsEveryQueryReturnsSeries() throws Exception {
        String numbersOnly = "  text-fields: false\n";
        DashboardStations stations = new DashboardStations(System.currentTimeMillis());
        try (Mosquitto broker = new Mosquitto(dir);
             VictoriaMetrics vm = new VictoriaMetrics(dir);
             Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), PREFIX, "ingest-vmdash", null, vm.url(),
                     numbersOnly));
             TestClient gateway = new TestClient(broker.url())) {
            vmUrl = vm.url();
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            stations.publish(gateway, PREFIX);
            Await.until(() -> vm.samples("{__name__=\"gateway_status_online\",gateway=\"" + DashboardStations.RIVER + "\"}") == 1,
                    WAIT, "the river station's online status stored");
            // One millisecond later at least, so the Last Will is a sample of its own.
            Thread.sleep(5);
            stations.publishRiverOffline(gateway, PREFIX);
            Await.until(() -> vm.samples("{__name__=\"gateway_status_online\"}") == 3
                    && vm.samples("{__name__=~\".*_value\",gateway=\"" + DashboardStations.AIR + "\",__name__!~\"(aqi|alert)_value\"}")
                    == (long) DashboardStations.MINUTES * Quantity.values().length
                    && vm.samples("{__name__=\"sensor_health_state_code\"}") == 2L * Quantity.values().length
                    && vm.samples("{__name__=\"aqi_value\"}") == DashboardStations.HOURLY_VN_AQI.length + 1
                    && vm.samples("{__name__=\"alert_raised\"}") == 3, WAIT, "everything stored");

            // Grafana asks for "now"; VictoriaMetrics answers with what it held 30 s before
            // (-search.latencyOffset), so the statuses just stored are asked for once that long has passed.
            Thread.sleep(LATENCY_OFFSET.toMillis());
            now = System.currentTimeMillis() / 1000;
            Dashboard dashboard = Dashboard.read(Dashboard.VICTORIA_METRICS);
            Map<String, List<String>> variables = variables(dashboard);
            assertEquals(List.of(DashboardStations.RIVER_SITE, DashboardStations.AIR_SITE), variables.get("site"));
            assertEquals(List.of(DashboardStations.AIR, DashboardStations.RIVER), variables.get("gateway"));
            assertEquals(Arrays.stream(Quantity.values()).map(Quantity::id).sorted().toList(), variables.get("quantity"));

            Map<String, JsonNode> results = new HashMap<>();
            int queries = 0;
            for (Dashboard.Query query : dashboard.queries()) {
                List<String> repeats = query.repeat().isPresent() ? variables.get(query.repeat().get()) : List.of("");
                for (String repeated : repeats) {
                    Map<String, List<String>> scoped = new HashMap<>(variables);
                    query.repeat().ifPresent(name -> scoped.put(name, List.of(repeated)));
                    String expr = expand(query.target().get("expr").asText(), scoped);
                    boolean instant = query.target().path("instant").asBoolean(false);
                    JsonNode result = instant
                            ? get("/api/v1/query", Map.of("query", expr, "time", String.valueOf(now)))
                            : get("/api/v1/query_range", Map.of("query", expr, "start", String.valueOf(now - 86_400),
                                    "end", String.valueOf(now), "step", "60"));
                    queries++;
                    assertFalse(result.isEmpty(), query.panel() + " " + query.refId() + " " + repeated + " returns series: " + expr);
                    results.put(query.panel().replace("$quantity", repeated) + " " + query.refId(), result);
                }
            }
            assertTrue(queries > 50, queries + " queries");
            checkValues(results);
        }
    }

    private void checkValues(Map<String, JsonNode> results) {
        assertEquals(Map.of("gw-air", "16.0748", "gw-river", "15.9964"),
                latest(results.get("Stations on the map (green online, red offline) A")));
        assertEquals(Map.of("gw-air", "1", "gw-river", "0"), latest(results.get("Stations on the map (green online, red offline) C")),
                "the river station offline after its Last Will");
        assertEquals(Map.of("gw-air", "42"), latest(results.get("Stations: online, last seen, backlog C")));
        Map<String, String> states = latest(results.get("Sensors: state and faults (latest health report) A"), "sensor");
        assertEquals(Quantity.values().length, states.size());
        assertEquals("3", states.get(DashboardStations.SILENT_SENSOR));
        assertEquals(Set.of("0", "3"), new TreeSet<>(states.values()));
        for (Quantity quantity : Quantity.values()) {
            Map<String, String> latest = latest(results.get("Latest " + quantity.id() + " per sensor A"), "sensor");
            assertEquals(DashboardStations.latest(quantity), Double.parseDouble(latest.get(DashboardStations.sensorOf(quantity))),
                    1e-9, quantity.id());
            Set<String> flags = new TreeSet<>();
            results.get(quantity.id() + ", with its QC flags (right axis: 3 suspect, 4 fail) B")
                    .forEach(series -> series.get("values").forEach(v -> flags.add(v.get(1).asText())));
            assertEquals(Set.of("3", "4"), flags, quantity.id());
        }
        assertTrue(values(results.get("VN_AQI, hourly (colour: the category) A")).containsAll(Set.of("73", "120", "160")));
        assertTrue(values(results.get("VN_AQI, daily A")).contains("88"));
        assertTrue(values(results.get("PM2.5, hourly mean (µg/m³) A")).containsAll(Set.of("20", "40", "60")));
        assertEquals(Map.of("gw-air", "1"), latest(results.get("Alerts raised now A")), "the cleared flood is not listed");
        assertEquals("pm25-hourly", results.get("Alerts raised now A").get(0).get("metric").get("rule").asText());
    }

    /** The variables' values with "All" chosen, each variable's label_values query asked in turn. */
    private Map<String, List<String>> variables(Dashboard dashboard) throws Exception {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.variables().values()) {
            if (!variable.get("type").asText().equals("query")) {
                continue;
            }
            Map<String, List<String>> all = new HashMap<>();
            values.keySet().forEach(name -> all.put(name, List.of(".*")));
            Matcher m = LABEL_VALUES.matcher(variable.get("query").get("query").asText());
            assertTrue(m.matches(), variable.get("name") + ": label_values(selector, label)");
            JsonNode answer = get("/api/v1/label/" + m.group(2) + "/values", Map.of("match[]", expand(m.group(1), all),
                    "start", String.valueOf(now - 86_400), "end", String.valueOf(now)));
            Pattern regex = variable.has("regex") ? Pattern.compile(variable.get("regex").asText()
                    .replaceAll("^/|/$", "")) : Pattern.compile("(.*)");
            List<String> found = new ArrayList<>();
            answer.forEach(value -> {
                Matcher r = regex.matcher(value.asText());
                if (r.matches()) {
                    found.add(r.group(1));
                }
            });
            found.sort(String::compareTo);
            assertFalse(found.isEmpty(), variable.get("name") + " has values");
            values.put(variable.get("name").asText(), found);
        }
        return values;
    }

    /**
     * Grafana's Prometheus data source: a multi-value variable becomes its values as a regex
     * alternation, each escaped ({@code (a|b)}), or the "All" value {@code .*}; {@code $__range} the range in seconds.
     */
    private static String expand(String expr, Map<String, List<String>> variables) {
        Matcher m = VARIABLE.matcher(expr.replace("$__range", "86400s"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            List<String> values = variables.get(name);
            if (values == null) {
                throw new IllegalArgumentException("no variable '" + name + "' in " + expr);
            }
            List<String> escaped = values.stream().map(v -> v.equals(".*") ? v : v.replaceAll("([\\\\^$*+?.()|{}\\[\\]])", "\\\\$1"))
                    .toList();
            String value = escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode get(String path, Map<String, String> params) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(vmUrl + path + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + " " + params + ": " + response.body());
        JsonNode data = JSON.readTree(response.body()).get("data");
        return data.has("result") ? data.get("result") : data;
    }

    /** An instant query's value per gateway (or another label). */
    private static Map<String, String> latest(JsonNode result) {
        return latest(result, "gateway");
    }

    private static Map<String, String> latest(JsonNode result, String label) {
        Map<String, String> values = new HashMap<>();
        result.forEach(series -> values.put(series.get("metric").get(label).asText(), series.get("value").get(1).asText()));
        return values;
    }

    private static Set<String> values(JsonNode result) {
        Set<String> values = new TreeSet<>();
        result.forEach(series -> series.get("values").forEach(v -> values.add(v.get(1).asText())));
        return values;
    }
}
