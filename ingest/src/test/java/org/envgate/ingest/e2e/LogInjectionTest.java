package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestProcess;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a message carries (its topic, names and units) reaches ingest's log as one escaped line, read from the log ingest really writes. */
class LogInjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** As long as a unit may be (32 characters) with the newline before it. */
    private static final String FORGED = "INFO store accepts writes again";

    @TempDir
    static Path dir;

    static EmbeddedBroker broker;
    static QuestDbFixture store;

    @BeforeAll
    static void start() throws IOException {
        broker = EmbeddedBroker.start(0);
        store = new QuestDbFixture(dir.resolve("questdb"));
    }

    @AfterAll
    static void stop() {
        store.close();
        broker.close();
    }

    @Test
    void aStateWithANewlineAndAnAnsiEscapeStaysInOneEscapedLine() throws Exception {
        Path config = dir.resolve("ingest.yaml");
        Files.writeString(config, """
                mqtt:
                  url: %s
                  topic-prefix: logs
                  client-id: ingest-logs
                influx:
                  url: %s
                  token: unused
                  org: agency
                  bucket: envgate
                """.formatted(broker.url(), store.url()));
        // A status's state is quoted in the reason as it came.
        String status = "{\"state\":\"x\\n" + FORGED + "\\u001b[2J\",\"gateway\":\"gw-log\"}";
        try (IngestProcess ingest = new IngestProcess(config, "-Xmx64m");
             TestClient gateway = new TestClient(broker.url())) {
            ingest.awaitOutput("subscribed at", WAIT);
            gateway.publish("logs/gw-log/status", status);
            ingest.awaitOutput("rejected a message on logs/gw-log/status", WAIT);

            List<String> mentions = ingest.output().lines().filter(line -> line.contains("accepts writes again")).toList();
            assertEquals(1, mentions.size(), ingest.output());
            String line = mentions.get(0);
            assertTrue(line.contains("WARN  rejected a message on logs/gw-log/status: "), line);
            assertTrue(line.contains("\\n" + FORGED), line);
            assertTrue(!ingest.output().contains("\u001b"), "no escape character reaches the log");
        }
    }

    @Test
    void unitsAndTopicsWithNewlinesEscapesOrOverridesReachTheLogEscapedInOneLine() throws Exception {
        Path config = dir.resolve("ingest.yaml");
        Files.writeString(config, """
                mqtt:
                  url: %s
                  topic-prefix: logs
                  client-id: ingest-units-topics
                influx:
                  url: %s
                  token: unused
                  org: agency
                  bucket: envgate
                """.formatted(broker.url(), store.url()));
        long now = System.currentTimeMillis() / 1000;
        String forging = "[{\"bn\":\"gw-log/\",\"n\":\"pm/pm2_5\",\"u\":\"\\n" + FORGED + "\",\"v\":12,\"t\":" + now + "}]";
        String colouring = "[{\"bn\":\"gw-ansi/\",\"n\":\"pm/pm2_5\",\"u\":\"\\u001b[2J\\u001b[31m\",\"v\":12,\"t\":"
                + now + "}]";
        try (IngestProcess ingest = new IngestProcess(config, "-Xmx64m");
             TestClient gateway = new TestClient(broker.url())) {
            ingest.awaitOutput("subscribed at", WAIT);
            gateway.publish("logs/gw-log/readings", forging);
            // MQTT clients refuse control characters in topics, but not a right-to-left override.
            gateway.publish("logs/gw\u202e" + FORGED + "/readings", "[]");
            gateway.publish("logs/gw-ansi/readings", colouring);
            ingest.awaitOutput("rejected a message on logs/gw-ansi/readings", WAIT);

            List<String> mentions = ingest.output().lines().filter(line -> line.contains("accepts writes again")).toList();
            assertEquals(2, mentions.size(), ingest.output());
            for (String line : mentions) {
                assertTrue(line.contains(" WARN  rejected a message on logs/gw"), line);
            }
            assertTrue(mentions.get(1).contains("on logs/gw\\u202e" + FORGED + "/readings: "), mentions.get(1));
            assertTrue(!ingest.output().contains("\u001b") && !ingest.output().contains("\u202e"),
                    "no escape character or direction override reaches the log");
        }
    }
}
