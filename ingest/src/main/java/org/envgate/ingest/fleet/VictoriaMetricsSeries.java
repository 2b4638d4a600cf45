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
import org.envgate.wire.Quantity;

/**
 * The plots from VictoriaMetrics: {@code /api/v1/query_range} over the series the InfluxDB write
 * API made of the readings ({@code <quantity>_value}), averaged per sensor over each step.
 */
final class VictoriaMetricsSeries implements SeriesSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String url;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    VictoriaMetricsSeries(String url, String token, Duration timeout) {
        this.url = url;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The MetricsQL: the gateway and quantity are checked ids. */
    static String query(String gateway, Quantity quantity) {
        return "avg by (sensor) (avg_over_time(" + quantity.id() + "_value{gateway=\"" + gateway + "\"}["
                + Series.STEP_SECONDS + "s]))";
    }

    @Override
    public Series read(String gateway, Quantity quantity, long nowMillis) throws IOException, InterruptedException {
        Series series = new Series(gateway, quantity, nowMillis);
        long start = series.startSeconds();
        long end = start + (Series.POINTS - 1) * Series.STEP_SECONDS;
        // Each step's value covers the step before it: ask one step later so a point sits at its step's start.
        String path = "/api/v1/query_range?query=" + URLEncoder.encode(query(gateway, quantity), StandardCharsets.UTF_8)
                + "&start=" + (start + Series.STEP_SECONDS) + "&end=" + (end + Series.STEP_SECONDS)
                + "&step=" + Series.STEP_SECONDS + "s";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("Authorization", "Token " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = MAPPER.readTree(answer.body());
        if (answer.statusCode() != 200 || !"success".equals(json.path("status").asText())) {
            throw new IOException("VictoriaMetrics answered " + answer.statusCode() + ": "
                    + json.path("error").asText(answer.body()));
        }
        for (JsonNode line : json.path("data").path("result")) {
            String sensor = line.path("metric").path("sensor").asText("");
            for (JsonNode point : line.path("values")) {
                series.put(sensor, point.get(0).asDouble() - Series.STEP_SECONDS, Double.parseDouble(point.get(1).asText()));
            }
        }
        return series;
    }
}
