package org.envgate.ingest.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.envgate.wire.Quantity;

/**
 * The plots from QuestDB (the embedded store, or an external one): SQL over {@code /exec}, the
 * readings' table averaged per sensor with {@code SAMPLE BY} into the plot's steps, rows bounded.
 */
final class QuestDbSeries implements SeriesSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String url;
    private final HttpClient http;
    private final Duration timeout;

    /** @param url QuestDB's HTTP address, e.g. {@code http://127.0.0.1:9000} */
    QuestDbSeries(String url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The SQL: the gateway and quantity are checked ids, the times the grid's. */
    static String sql(String gateway, Quantity quantity, long startSeconds) {
        return "SELECT timestamp, sensor, avg(value) FROM " + quantity.id()
                + " WHERE gateway = '" + gateway + "' AND timestamp >= '" + Instant.ofEpochSecond(startSeconds) + "'"
                + " SAMPLE BY " + Series.STEP_SECONDS / 60 + "m ALIGN TO CALENDAR"
                + " LIMIT " + (long) Series.POINTS * Series.MAX_SENSORS;
    }

    @Override
    public Series read(String gateway, Quantity quantity, long nowMillis) throws IOException, InterruptedException {
        Series series = new Series(gateway, quantity, nowMillis);
        String query = sql(gateway, quantity, series.startSeconds());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/exec?timings=false&query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = MAPPER.readTree(answer.body());
        if (answer.statusCode() != 200 || json.has("error")) {
            throw new IOException("QuestDB answered " + answer.statusCode() + ": " + json.path("error").asText(answer.body()));
        }
        for (JsonNode row : json.path("dataset")) {
            if (row.get(2).isNumber()) {
                series.put(row.get(1).asText(), Instant.parse(row.get(0).asText()).toEpochMilli() / 1000.0,
                        row.get(2).asDouble());
            }
        }
        return series;
    }
}
