package org.envgate.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's victoria-metrics as its own process (apt-get install victoria-metrics), started with
 * {@code -dedup.minScrapeInterval=1ms} so that samples of one series at one time are one sample.
 * It can be stopped and started again on the same port and data, as a store outage.
 */
public final class VictoriaMetrics implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    public VictoriaMetrics(Path dir) throws IOException, InterruptedException {
        this.data = dir.resolve("victoria-metrics");
        this.port = EmbeddedBroker.freePort();
        start();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("victoria-metrics", "-storageDataPath=" + data,
                "-httpListenAddr=127.0.0.1:" + port, "-dedup.minScrapeInterval=1ms", "-loggerLevel=ERROR")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolveSibling("victoria-metrics.log").toFile()))
                .start();
        for (int attempt = 0; ; attempt++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (attempt == 200 || !process.isAlive()) {
                    throw new IOException("victoria-metrics did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** One exported series: its labels and its (deduplicated) samples. */
    public record Series(JsonNode labels, List<Double> values, List<Long> timestamps) {
    }

    /** {@code /api/v1/export} of every series matching {@code match}, after a flush. */
    public List<Series> export(String match) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(url() + "/internal/force_flush")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/export?match[]="
                + URLEncoder.encode(match, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("export answered " + response.statusCode() + ": " + response.body());
        }
        List<Series> series = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode json = JSON.readTree(line);
            List<Double> values = new ArrayList<>();
            json.get("values").forEach(v -> values.add(v.asDouble()));
            List<Long> timestamps = new ArrayList<>();
            json.get("timestamps").forEach(t -> timestamps.add(t.asLong()));
            series.add(new Series(json.get("metric"), values, timestamps));
        }
        return series;
    }

    /** All samples of series matching {@code match}. */
    public long samples(String match) throws IOException, InterruptedException {
        return export(match).stream().mapToLong(s -> s.timestamps().size()).sum();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
