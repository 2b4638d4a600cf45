package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfigLoader;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no influx section ingest starts its own QuestDB, and the whole chain runs on one machine. */
class EmbeddedDefaultTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnInfluxSectionReadingsLandInTheEmbeddedQuestDb() throws Exception {
        List<Reading> readings = Packs.rounds(3, System.currentTimeMillis() - 30_000);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            String yaml = """
                    mqtt:
                      url: %s
                    embedded:
                      path: %s
                      listen: 127.0.0.1:%d
                    """.formatted(broker.url(), dir.resolve("questdb"), EmbeddedBroker.freePort());
            try (Ingest ingest = Ingest.start(new IngestConfigLoader().parse("ingest.yaml", yaml));
                 TestClient gateway = new TestClient(broker.url())) {
                Await.until(ingest::connected, Duration.ofSeconds(30), "ingest subscribes");
                gateway.publish("envgate/gw-demo/readings", SenmlCodec.encode("gw-demo", readings));

                String url = ingest.embeddedUrl().orElseThrow();
                Await.until(() -> stored(url) == readings.size(), Duration.ofSeconds(30), "readings in the embedded store");
                assertEquals(readings.size(), ingest.counters().readings());
            }
        }
    }

    private static long stored(String url) throws Exception {
        long n = 0;
        for (String table : List.of("pm2_5", "pm10", "temperature", "ph")) {
            n += count(url, "select count() from " + table + " where gateway = 'gw-demo'");
        }
        return n;
    }

    private static long count(String url, String sql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = new ObjectMapper().readTree(response.body());
        return json.path("dataset").path(0).path(0).asLong();
    }
}
