package org.envgate.ingest.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A dashboard file of ingest/grafana as Grafana reads it: its variables and every panel's queries. */
record Dashboard(String file, JsonNode json) {

    static final Path FOLDER = Path.of("grafana");
    static final String QUESTDB = "envgate-stations-questdb.json";
    static final String VICTORIA_METRICS = "envgate-stations-victoriametrics.json";
    static final String FLUX = "envgate-stations.json";
    static final List<String> FILES = List.of(QUESTDB, VICTORIA_METRICS, FLUX);

    /** One query of a panel; {@code repeat} names the variable its row repeats over, if any. */
    record Query(String panel, String type, String refId, JsonNode target, Optional<String> repeat) {
    }

    static Dashboard read(String file) throws IOException {
        return new Dashboard(file, new ObjectMapper().readTree(FOLDER.resolve(file).toFile()));
    }

    /** The query variables by name, in their order (a variable's query may use those before it). */
    Map<String, JsonNode> variables() {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode variable : json.path("templating").path("list")) {
            variables.put(variable.get("name").asText(), variable);
        }
        return variables;
    }

    /** Every panel's title, rows included, in order. */
    List<String> titles() {
        List<String> titles = new ArrayList<>();
        json.get("panels").forEach(panel -> titles.add(panel.get("type").asText() + ": " + panel.get("title").asText()));
        return titles;
    }

    /** Every query of every panel, with the variable its row repeats over. */
    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        Optional<String> repeat = Optional.empty();
        for (JsonNode panel : json.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                repeat = panel.has("repeat") ? Optional.of(panel.get("repeat").asText()) : Optional.empty();
                continue;
            }
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.get("title").asText(), panel.get("type").asText(),
                        target.get("refId").asText(), target, repeat));
            }
        }
        return queries;
    }
}
