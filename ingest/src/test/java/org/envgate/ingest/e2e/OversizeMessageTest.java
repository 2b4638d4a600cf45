package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.config.IngestConfigLoader;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestProcess;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.ingest.testing.TestClient;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages far over {@code packs.max-size} through a real broker (Moquette, which takes up to
 * 64 MB here, as a broker without a limit would): each is dead-lettered with its size and
 * acknowledged, and the messages after it are stored.
 */
class OversizeMessageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_SIZE = 256 * 1024;

    @TempDir
    static Path dir;

    static EmbeddedBroker broker;
    static QuestDbFixture store;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "pkcs12", "-keystore", "broker.p12",
                "-storepass", EmbeddedBroker.KEY_STORE_PASSWORD, "-keypass", EmbeddedBroker.KEY_STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", "broker.p12", "-storepass",
                EmbeddedBroker.KEY_STORE_PASSWORD, "-file", "ca.pem");
        broker = EmbeddedBroker.startWithTls(64 * 1024 * 1024, dir.resolve("broker.p12"));
        store = new QuestDbFixture(dir.resolve("questdb"));
    }

    @AfterAll
    static void stop() {
        store.close();
        broker.close();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    private static String config(String url, String clientId) {
        return """
                mqtt:
                  url: %s
                  topic-prefix: big
                  client-id: %s
                %spacks:
                  max-size: 256KB
                influx:
                  url: %s
                  token: unused
                  org: agency
                  bucket: envgate
                  timeout: 5s
                """.formatted(url, clientId, url.startsWith("ssl:") ? "  ca-file: " + dir.resolve("ca.pem") + "\n" : "",
                store.url());
    }

    private static byte[] oversize(long size) {
        byte[] payload = new byte[(int) size];
        java.util.Arrays.fill(payload, (byte) '[');
        return payload;
    }

    private static void checkDeadLetter(TestClient watcher, String gateway, long size) throws Exception {
        assertTrue(watcher.await(m -> !m.isEmpty(), WAIT), "a dead letter");
        TestClient.Message letter = watcher.received().get(0);
        assertEquals("big/_rejected/" + gateway, letter.topic());
        JsonNode json = JSON.readTree(letter.payload());
        assertEquals("message of " + size + " bytes exceeds packs.max-size " + MAX_SIZE, json.get("reason").asText());
        assertEquals(size, json.get("size").asLong());
        assertEquals("big/" + gateway + "/readings", json.get("topic").asText());
        assertEquals("", json.get("payload").asText());
        assertTrue(json.get("truncated").asBoolean());
    }

    @Test
    void aThreeMegabyteMessageOverTlsIsDeadLetteredAndTheNextOneStored() throws Exception {
        long size = 3L * 1024 * 1024;
        try (Ingest ingest = Ingest.start(new IngestConfigLoader().parse("tls.yaml", config(broker.sslUrl(), "ingest-tls")));
             TestClient gateway = new TestClient(broker.url());
             TestClient watcher = new TestClient(broker.url())) {
            Await.until(ingest::connected, WAIT, "ingest subscribes over TLS");
            watcher.subscribe("big/_rejected/#");
            gateway.publish("big/gw-tls/readings", oversize(size));
            gateway.publish("big/gw-tls/readings", SenmlCodec.encode("gw-tls", Packs.rounds(1, System.currentTimeMillis())));

            store.awaitRows("select count() from pm2_5 where gateway = 'gw-tls'", r -> r.get(0).get(0).asLong() == 1, WAIT);
            checkDeadLetter(watcher, "gw-tls", size);
            Await.until(() -> ingest.counters().acknowledged() == 2, WAIT, "both acknowledged");
            assertEquals(1, ingest.counters().rejected());
        }
    }

    /** At an eighth of the heap envgate-ingest.service gives it (-Xmx512m), so the message cannot fit at all. */
    @Test
    void aFiftyMegabyteMessageReachesIngestAt64MbOfHeapAsADeadLetter() throws Exception {
        long size = 50L * 1024 * 1024;
        Path file = dir.resolve("child.yaml");
        Files.writeString(file, config(broker.url(), "ingest-child"));
        try (IngestProcess child = new IngestProcess(file, "-Xmx64m");
             TestClient gateway = new TestClient(broker.url());
             TestClient watcher = new TestClient(broker.url())) {
            child.awaitOutput("subscribed at", WAIT);
            watcher.subscribe("big/_rejected/#");
            gateway.publish("big/gw-child/readings", oversize(size));
            gateway.publish("big/gw-child/readings", SenmlCodec.encode("gw-child", Packs.rounds(1,
                    System.currentTimeMillis())));

            store.awaitRows("select count() from pm2_5 where gateway = 'gw-child'", r -> r.get(0).get(0).asLong() == 1,
                    WAIT);
            checkDeadLetter(watcher, "gw-child", size);
            assertTrue(child.alive(), child.output());
            assertTrue(!child.output().contains("fatal") && !child.output().contains("OutOfMemoryError"), child.output());
        }
    }
}
