package org.envgate.ingest.store;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.envgate.ingest.config.InfluxSettings;

/**
 * Writes one probe point to a store as ingest writes its points, then reads it back through
 * whichever query API the store has: QuestDB's {@code /exec}, VictoriaMetrics'
 * {@code /api/v1/export}, or InfluxDB 2's Flux {@code /api/v2/query}. The point is measurement
 * {@value #MEASUREMENT}, tag {@code instance}, field {@code value}, at the time of the check.
 */
public final class StoreProbe {

    public static final String MEASUREMENT = "envgate_check";
    /** How long a written point may take to become readable (QuestDB applies writes asynchronously, VictoriaMetrics buffers). */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);

    private final InfluxSettings settings;
    private final HttpClient http;

    public StoreProbe(InfluxSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** What went wrong, with a hint; empty when the probe point was written and read back. */
    public Optional<String> check(String instance) throws InterruptedException {
        // Small enough that every store prints it as a plain whole number.
        long nonce = 1 + new SecureRandom().nextInt(999_999);
        String line = line(instance, nonce, System.currentTimeMillis());
        try (InfluxStore store = new InfluxStore(settings)) {
            store.write(List.of(line));
        } catch (StoreException e) {
            return Optional.of("cannot write: " + e.getMessage() + writeHint(e.getMessage()));
        }
        long end = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                Optional<Boolean> found = readBack(instance, nonce);
                if (found.isEmpty()) {
                    return Optional.of("wrote the probe point, but the store answers none of QuestDB's, "
                            + "VictoriaMetrics' or InfluxDB 2's query APIs; is it one of them?");
                }
                if (found.get()) {
                    return Optional.empty();
                }
                last = "not there yet";
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        return Optional.of("wrote the probe point but could not read it back within "
                + VISIBLE_WITHIN.toSeconds() + " s (" + last + ")");
    }

    /** A probe point in line protocol: {@value #MEASUREMENT}, tag {@code instance}, field {@code value}. */
    public static String line(String instance, long value, long millis) {
        return MEASUREMENT + ",instance=" + instance.replace(",", "\\,").replace(" ", "\\ ").replace("=", "\\=")
                + " value=" + value + " " + millis;
    }

    /** Whether the point is there; empty when the store has none of the three query APIs. */
    private Optional<Boolean> readBack(String instance, long nonce) throws IOException, InterruptedException {
        HttpResponse<String> questDb = get("/exec?query=" + encode("select count() from " + MEASUREMENT
                + " where instance = '" + instance.replace("'", "''") + "' and value = " + nonce));
        // QuestDB answers every query with JSON naming it, an error ("table does not exist") included.
        if (questDb.body().startsWith("{\"query\"")) {
            return Optional.of(questDb.statusCode() == 200 && questDb.body().contains("\"dataset\":[[1]]"));
        }
        HttpResponse<String> victoria = get("/api/v1/export?match[]=" + encode(MEASUREMENT + "_value{instance=\""
                + instance.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}"));
        if (victoria.statusCode() == 200) {
            return Optional.of(victoria.body().contains("\"values\":[" + nonce + "]")
                    || victoria.body().contains("," + nonce + "]") || victoria.body().contains("[" + nonce + ","));
        }
        String flux = "from(bucket: \"" + settings.bucket().replace("\"", "\\\"") + "\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r._measurement == \"" + MEASUREMENT + "\" and r._field == \"value\""
                + " and r._value == " + nonce + ".0)";
        HttpResponse<String> influx = http.send(HttpRequest.newBuilder(URI.create(settings.url() + "/api/v2/query?org="
                        + encode(settings.org())))
                .timeout(settings.timeout())
                .header("Authorization", "Token " + settings.token())
                .header("Content-Type", "application/vnd.flux")
                .header("Accept", "application/csv")
                .POST(HttpRequest.BodyPublishers.ofString(flux)).build(), HttpResponse.BodyHandlers.ofString());
        if (influx.statusCode() == 200) {
            return Optional.of(influx.body().contains(MEASUREMENT));
        }
        if (influx.statusCode() == 401 || influx.statusCode() == 403) {
            throw new IOException("InfluxDB answered " + influx.statusCode() + " to the query: the token can write but"
                    + " not read the bucket; check needs read access too");
        }
        return Optional.empty();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(settings.url() + path)).timeout(settings.timeout())
                .header("Authorization", "Token " + settings.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String writeHint(String message) {
        if (message.contains(" 401") || message.contains(" 403")) {
            return " (the token cannot write to the bucket: check influx.token-file, influx.org and influx.bucket)";
        }
        if (message.contains(" 404")) {
            return " (no InfluxDB v2 write API at this address: check influx.url)";
        }
        if (message.contains("Failed to connect") || message.contains("Connection refused")
                || message.contains("timeout")) {
            return " (is the store running and reachable at this address?)";
        }
        return "";
    }
}
