package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QuestDbFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envgate-ingest check} against a real broker (Moquette) and a real store (QuestDB, embedded). */
class IngestCheckTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static EmbeddedBroker broker;
    static QuestDbFixture store;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(0);
        store = new QuestDbFixture(shared.resolve("questdb"));
    }

    @AfterAll
    static void stop() {
        store.close();
        broker.close();
    }

    private int check(String yaml) throws Exception {
        Path config = dir.resolve("ingest.yaml");
        Files.writeString(config, yaml);
        return Main.run(new String[] {"check", "--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String external(String brokerUrl, String clientId, String storeUrl) {
        return """
                mqtt:
                  url: %s
                  client-id: %s
                influx:
                  url: %s
                  token: unused
                  org: agency
                  bucket: envgate
                  timeout: 5s
                """.formatted(brokerUrl, clientId, storeUrl);
    }

    private List<String> table() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void allReachableIsStatus0AndAMissingSessionIsAWarningUntilIngestHasRunOnce() throws Exception {
        assertEquals(Main.OK, check(external(broker.url(), "ingest-check-ok", store.url())), out.toString());

        List<String> rows = table();
        assertTrue(rows.get(0).matches("check +target +state +result or hint"), rows.get(0));
        assertTrue(rows.get(1).matches("config +\\S+ingest.yaml +OK +valid"), rows.get(1));
        assertTrue(rows.get(2).matches("broker +" + broker.url() + " +OK +connected; may subscribe to envgate/\\+/readings,"
                + " .*envgate/\\+/alerts/\\+"), rows.get(2));
        assertTrue(rows.get(3).matches("session +ingest-check-ok +WARN +the broker holds no session for ingest-check-ok: .*"
                + "start ingest before the gateways \\(docs/ingest.md\\)"), rows.get(3));
        assertTrue(rows.get(4).matches("store +" + store.url() + " +OK +wrote a probe point to envgate_check and read it"
                + " back"), rows.get(4));

        try (Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "envgate", "ingest-check-ok", null,
                store.url(), ""))) {
            Await.until(ingest::connected, Duration.ofSeconds(30), "ingest subscribes once");
        }
        out.reset();
        assertEquals(Main.OK, check(external(broker.url(), "ingest-check-ok", store.url())), out.toString());
        assertTrue(table().get(3).matches("session +ingest-check-ok +OK +the broker holds ingest's session"),
                table().get(3));
    }

    @Test
    void aBrokerThatDoesNotAnswerIsStatus1WithAHint() throws Exception {
        String nobody = "tcp://127.0.0.1:" + EmbeddedBroker.freePort();

        assertEquals(Main.FAULT, check(external(nobody, "ingest-check-nobroker", store.url())));

        assertTrue(table().get(2).matches("broker +" + nobody + " +FAULT +cannot connect: .*\\(is the broker running and"
                + " reachable at this address\\? e.g. systemctl status mosquitto\\)"), table().get(2));
        assertTrue(table().get(3).matches("store +" + store.url() + " +OK .*"), "the store is checked all the same");
    }

    @Test
    void aStoreThatDoesNotAnswerIsStatus1WithAHint() throws Exception {
        String nowhere = "http://127.0.0.1:" + EmbeddedBroker.freePort();

        assertEquals(Main.FAULT, check(external(broker.url(), "ingest-check-nostore", nowhere)));

        assertTrue(table().get(4).matches("store +" + nowhere + " +FAULT +cannot write: .*\\(is the store running and"
                + " reachable at this address\\?\\)"), table().get(4));
    }

    @Test
    void theEmbeddedStoreIsStartedAndProbed() throws Exception {
        String yaml = """
                mqtt:
                  url: %s
                  client-id: ingest-check-embedded
                embedded:
                  path: %s
                  listen: 127.0.0.1:%d
                """.formatted(broker.url(), dir.resolve("questdb"), EmbeddedBroker.freePort());

        assertEquals(Main.OK, check(yaml), out.toString());

        assertTrue(table().get(4).matches("store +embedded QuestDB in \\S+questdb +OK +wrote a probe point .*"),
                table().get(4));
    }

    @Test
    void aBadConfigIsStatus2AndSoIsAMissingFile() throws Exception {
        assertEquals(Main.USAGE, check("mqtt:\n  url: tcp://broker:1883\n  keep-alive: soon\n"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ingest.yaml:3: mqtt.keep-alive: 'soon' is not a duration"));
        assertEquals(Main.USAGE, Main.run(new String[] {"check"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
    }
}
