package org.envgate.ingest.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The three dashboards show the same panels, and the provisioning files fit them. */
class DashboardsTest {

    private static final Path PROVISIONING = Dashboard.FOLDER.resolve("provisioning");

    @Test
    void everyDashboardHasTheSamePanelsAndVariables() throws IOException {
        Dashboard questDb = Dashboard.read(Dashboard.QUESTDB);
        for (String file : Dashboard.FILES) {
            Dashboard dashboard = Dashboard.read(file);
            assertEquals(questDb.titles(), dashboard.titles(), file + ": the same panels as " + Dashboard.QUESTDB);
            assertTrue(dashboard.variables().keySet().containsAll(List.of("datasource", "site", "gateway", "quantity")),
                    file + ": " + dashboard.variables().keySet());
        }
        assertTrue(questDb.titles().containsAll(List.of("geomap: Stations on the map (green online, red offline)",
                "row: $quantity", "timeseries: $quantity, with its QC flags (right axis: 3 suspect, 4 fail)",
                "timeseries: VN_AQI, hourly (colour: the category)", "table: Alerts raised now")), questDb.titles().toString());
    }

    @Test
    void everyQueryUsesTheDashboardsDataSourceAndTheProvisionedOneIsItsDefault() throws IOException {
        Map<String, String> provisioned = provisionedDataSources();
        for (String file : Dashboard.FILES) {
            Dashboard dashboard = Dashboard.read(file);
            JsonNode source = dashboard.variables().get("datasource");
            String type = source.get("query").asText();
            assertEquals(type, provisioned.get(source.get("current").get("value").asText()),
                    file + ": its default data source is provisioned, of type " + type);
            List<JsonNode> references = new ArrayList<>();
            dashboard.json().get("panels").forEach(panel -> {
                if (panel.has("datasource")) {
                    references.add(panel.get("datasource"));
                }
                panel.path("targets").forEach(target -> references.add(target.get("datasource")));
            });
            dashboard.variables().values().stream().filter(v -> v.has("datasource")).forEach(v -> references.add(v.get("datasource")));
            for (JsonNode reference : references) {
                assertEquals(type, reference.get("type").asText(), file);
                assertEquals("${datasource}", reference.get("uid").asText(), file);
            }
        }
    }

    @Test
    void theDashboardProviderLoadsAFolder() throws IOException {
        Map<String, Object> provider = yaml(PROVISIONING.resolve("dashboards/envgate.yaml"));
        assertEquals(1, provider.get("apiVersion"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) provider.get("providers")).get(0);
        assertEquals("file", first.get("type"));
        assertTrue(((Map<?, ?>) first.get("options")).get("path").toString().startsWith("/"));
    }

    /** uid to type of every data source in provisioning/datasources. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> provisionedDataSources() throws IOException {
        Map<String, String> sources = new HashMap<>();
        try (var files = Files.list(PROVISIONING.resolve("datasources"))) {
            for (Path file : files.toList()) {
                Map<String, Object> yaml = yaml(file);
                assertEquals(1, yaml.get("apiVersion"), file.toString());
                for (Map<String, Object> source : (List<Map<String, Object>>) yaml.get("datasources")) {
                    sources.put((String) source.get("uid"), (String) source.get("type"));
                }
            }
        }
        assertEquals(3, sources.size(), sources.toString());
        return sources;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }
}
