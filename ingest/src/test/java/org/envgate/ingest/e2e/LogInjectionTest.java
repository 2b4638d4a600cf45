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

/** What a pack carries reaches ingest's log as one escaped line, read from the log ingest really writes. */
class LogInjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FORGED = "2026-12-03 06:00:00.000 INFO  store http://influx:8086 accepts writes again";

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
        // Names and units with control characters are refused without being quoted; a status's
        // state is quoted in the reason as it came.
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
}
