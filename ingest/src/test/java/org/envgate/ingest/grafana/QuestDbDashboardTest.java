package org.envgate.ingest.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbWithPostgres;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of envgate-stations-questdb.json, each variable's too, run as Grafana's PostgreSQL
 * data source runs it (variables and macros expanded, then the SQL over the PostgreSQL wire
 * protocol) against a QuestDB that ingest filled from two stations' messages on a real broker.
 */
class QuestDbDashboardTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "dash";

    @TempDir
    static Path dir;

    static EmbeddedBroker broker;
    static QuestDbWithPostgres store;
    static Connection sql;
    static DashboardStations stations;

    @BeforeAll
    static void fill() throws Exception {
        broker = EmbeddedBroker.start(0);
        store = new QuestDbWithPostgres(dir.resolve("questdb"));
        sql = store.connect();
        stations = new DashboardStations(System.currentTimeMillis());
        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), PREFIX, "ingest-dash", null, store.url(), ""));
             TestClient gateway = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            stations.publish(gateway, PREFIX);
            awaitCount("gateway_status WHERE gateway = '" + DashboardStations.RIVER + "'", 1);
            stations.publishRiverOffline(gateway, PREFIX);
            awaitCount("gateway_status", 3);
            for (Quantity quantity : Quantity.values()) {
                awaitCount(quantity.id() + " WHERE gateway = '" + DashboardStations.AIR + "'", DashboardStations.MINUTES);
            }
            awaitCount("water_level", 2 * DashboardStations.MINUTES);
            awaitCount("gateway_health", 2);
            awaitCount("sensor_health", 2 * Quantity.values().length);
            awaitCount("aqi", DashboardStations.HOURLY_VN_AQI.length + 1);
            awaitCount("pm2_5_1h", DashboardStations.HOURLY_VN_AQI.length);
            awaitCount("alert", 3);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        sql.close();
        store.close();
        broker.close();
    }

    private static void awaitCount(String from, long count) throws Exception {
        Await.until(() -> rows("SELECT count() FROM " + from).get(0).get(0).equals(String.valueOf(count)), WAIT,
                count + " rows in " + from);
    }

    /** Each row's cells as text ({@code null} for SQL NULL). */
    private static List<List<String>> rows(String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = sql.createStatement(); ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Rows as column name to text, for the checks of particular values. */
    private static List<Map<String, String>> table(String query) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Statement statement = sql.createStatement(); ResultSet result = statement.executeQuery(query)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The variables' values as Grafana would find them with "All" chosen, each variable's query run in turn. */
    private static GrafanaSql variables(Dashboard dashboard, Instant now) throws SQLException {
        GrafanaSql grafana = new GrafanaSql(now.minus(Duration.ofHours(24)), now, "1m", Map.of());
        for (var variable : dashboard.variables().values()) {
            if (!variable.get("type").asText().equals("query")) {
                continue;
            }
            String query = grafana.expand(variable.get("query").asText());
            List<String> values = rows(query).stream().map(row -> row.get(0)).collect(Collectors.toList());
            assertFalse(values.isEmpty(), "variable " + variable.get("name") + " has values: " + query);
            grafana = grafana.with(variable.get("name").asText(), values);
        }
        return grafana;
    }

    @Test
    void everyVariableFindsTheStationsTheirSitesAndEveryQuantity() throws Exception {
        GrafanaSql grafana = variables(Dashboard.read(Dashboard.QUESTDB), Instant.now());
        assertEquals(List.of(DashboardStations.RIVER_SITE, DashboardStations.AIR_SITE), grafana.variables().get("site"));
        assertEquals(List.of(DashboardStations.AIR, DashboardStations.RIVER), grafana.variables().get("gateway"));
        assertEquals(Arrays.stream(Quantity.values()).map(Quantity::id).sorted().toList(),
                grafana.variables().get("quantity"));
        String gatewayQuery = Dashboard.read(Dashboard.QUESTDB).variables().get("gateway").get("query").asText();
        GrafanaSql oneSite = grafana.with("site", List.of(DashboardStations.AIR_SITE));
        assertEquals(List.of(List.of(DashboardStations.AIR)), rows(oneSite.expand(gatewayQuery)),
                "a site chosen lists its stations only");
    }

    @Test
    void everyPanelsEveryQueryReturnsRows() throws Exception {
        Dashboard dashboard = Dashboard.read(Dashboard.QUESTDB);
        GrafanaSql grafana = variables(dashboard, Instant.now());
        Map<String, List<Map<String, String>>> results = new HashMap<>();
        int queries = 0;
        for (Dashboard.Query query : dashboard.queries()) {
            String text = query.target().get("rawSql").asText();
            List<List<String>> repeats = query.repeat().isPresent()
                    ? grafana.variables().get(query.repeat().get()).stream().map(List::of).toList()
                    : List.of(List.<String>of());
            for (List<String> repeated : repeats) {
                GrafanaSql scoped = repeated.isEmpty() ? grafana : grafana.with(query.repeat().get(), repeated);
                // Grafana picks the interval from the time range and the panel's width: SAMPLE BY must take each.
                for (String interval : text.contains("$__interval") ? List.of("1m", "5m", "1h", "1d") : List.of("1m")) {
                    String expanded = scoped.withInterval(interval).expand(text);
                    List<Map<String, String>> rows;
                    try {
                        rows = table(expanded);
                    } catch (SQLException e) {
                        throw new AssertionError(query.panel() + " " + query.refId() + ": " + e.getMessage() + "\n" + expanded, e);
                    }
                    queries++;
                    assertFalse(rows.isEmpty(), query.panel() + " " + query.refId() + " " + repeated + " returns rows:\n" + expanded);
                    if (interval.equals("1m")) {
                        results.put(query.panel().replace("$quantity", String.join(",", repeated)) + " " + query.refId(), rows);
                    }
                }
            }
        }
        assertTrue(queries > 50, queries + " queries");
        checkValues(results);
    }

    /** What an operator would read off the panels: the stations, their health, the latest values, the index, the alerts. */
    private static void checkValues(Map<String, List<Map<String, String>>> results) {
        assertEquals(List.of("gw-air lien-chieu 16.0748 108.1514 1.0", "gw-river cam-le 15.9964 108.2062 0.0"),
                cells(results.get("Stations on the map (green online, red offline) A"), "gateway", "site", "lat", "lon", "online"),
                "both stations on the map, the river station offline after its Last Will");
        assertEquals(List.of("gw-air 1.0 42.0 12.5 0", "gw-river 0.0 null null null"),
                cells(results.get("Stations: online, last seen, backlog A"), "gateway", "online", "backlog",
                        "oldest_unsent_age_s", "clock_code"));
        assertEquals(List.of("10.0", "42.0"), cells(results.get("Gateway backlog (readings waiting in the gateway's buffer) A"),
                "backlog"));
        List<Map<String, String>> sensors = results.get("Sensors: state and faults (latest health report) A");
        assertEquals(Quantity.values().length, sensors.size(), "one row per sensor, its latest report");
        assertEquals("s-pm2-5 3 no_response 7.0", cells(sensors, "sensor", "state_code", "state", "faults").get(0),
                "the sensor in fault comes first");
        for (Quantity quantity : Quantity.values()) {
            List<Map<String, String>> latest = results.get("Latest " + quantity.id() + " per sensor A");
            assertEquals(DashboardStations.latest(quantity), Double.parseDouble(latest.get(0).get("value")), 1e-9,
                    quantity.id());
            assertEquals(List.of("3", "4"), cells(results.get(quantity.id()
                    + ", with its QC flags (right axis: 3 suspect, 4 fail) B"), "qc"), quantity.id() + ": suspect, then fail");
        }
        assertEquals(List.of("73", "120", "160"), cells(results.get("VN_AQI, hourly (colour: the category) A"), "value"));
        assertEquals(List.of("88"), cells(results.get("VN_AQI, daily A"), "value"));
        assertEquals(List.of("20.0", "40.0", "60.0"), cells(results.get("PM2.5, hourly mean (µg/m³) A"), "mean"));
        assertEquals(List.of("gw-river/flood (critical) 1", "gw-river/flood (critical) 0", "gw-air/pm25-hourly (warning) 1"),
                cells(results.get("Alerts: raised (1) or cleared (0), per rule A"), "metric", "raised"));
        assertEquals(List.of("gw-air pm25-hourly warning 61.5"),
                cells(results.get("Alerts raised now A"), "gateway", "rule", "severity", "value"), "the cleared flood is not listed");
    }

    private static List<String> cells(List<Map<String, String>> rows, String... columns) {
        return rows.stream().map(row -> Arrays.stream(columns).map(row::get).collect(Collectors.joining(" "))).toList();
    }
}
