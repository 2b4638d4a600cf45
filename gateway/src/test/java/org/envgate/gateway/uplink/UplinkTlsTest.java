package org.envgate.gateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.MqttConfig;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssl://} uplinks against Moquette's TLS port, with a throwaway CA made by the JDK's
 * keytool and OpenSSL for each run: no key is kept in the repository.
 */
class UplinkTlsTest {

    private static final String PASSWORD = "changeit";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path pki;

    @TempDir
    Path storage;

    private ReadingBuffer buffer;
    private final Topics topics = new Topics("envgate", "gw-tls");

    @BeforeAll
    static void makeCertificates() throws Exception {
        for (String name : List.of("ca", "rogue-ca")) {
            run("keytool", "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-ext", "bc:c", "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-validity", "30");
            run("keytool", "-exportcert", "-alias", "ca", "-keystore", name + ".p12", "-storepass", PASSWORD, "-rfc",
                    "-file", name + ".pem");
        }
        run("keytool", "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-validity", "30");
        run("keytool", "-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD, "-file", "server.csr");
        run("keytool", "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", "server.csr",
                "-outfile", "server.pem", "-ext", "san=ip:127.0.0.1,dns:localhost", "-rfc", "-validity", "30");
        run("keytool", "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12", "-storepass", PASSWORD,
                "-noprompt");
        run("keytool", "-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12", "-storepass",
                PASSWORD, "-noprompt");
        // The server's own key and certificate double as a client's: signed by the same CA.
        run("openssl", "pkcs12", "-in", "server.p12", "-nocerts", "-nodes", "-passin", "pass:" + PASSWORD, "-out", "key-any.pem");
        run("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "key-any.pem", "-out", "client.key");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    @BeforeEach
    void openBuffer() throws Exception {
        buffer = ReadingBuffer.open(new StorageConfig(storage, StorageConfig.DEFAULT_MAX_SIZE, StorageConfig.WhenFull.DROP_OLDEST));
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            readings.add(new Reading("pm", Quantity.PM10, i, 1_795_000_000_000L + i));
        }
        buffer.append(readings);
    }

    @AfterEach
    void closeBuffer() {
        buffer.close();
    }

    private Uplink uplink(String url, Optional<Path> ca, Optional<Path> cert, Optional<Path> key) {
        MqttConfig config = new MqttConfig(url, "envgate", "envgate-gw-tls", Optional.empty(), Optional.empty(), ca, cert, key,
                500, 20, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(1));
        GatewayHealth health = new GatewayHealth("gw-tls", "test", OptionalLong.of(0), 0, 0, 0, 0, 0, 0, 0, 0, "unknown",
                0, 0, List.of());
        return new Uplink(config, "gw-tls", buffer, "test", Clock.systemUTC(), () -> health);
    }

    @Test
    void deliversOverTlsToABrokerSignedByTheConfiguredCa() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startWithTls(pki.resolve("server.p12"), PASSWORD, false);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics);
             Uplink uplink = uplink(broker.sslUrl(), Optional.of(pki.resolve("ca.pem")), Optional.empty(), Optional.empty())) {
            uplink.start();
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 50, WAIT), "got " + subscriber.readings().size());
        }
    }

    @Test
    void refusesABrokerSignedBySomeoneElseAndKeepsTheReadings() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startWithTls(pki.resolve("server.p12"), PASSWORD, false);
             Uplink uplink = uplink(broker.sslUrl(), Optional.of(pki.resolve("rogue-ca.pem")), Optional.empty(), Optional.empty())) {
            uplink.start();
            Thread.sleep(3000);
            assertNotEquals(UplinkState.ONLINE, uplink.state());
            assertEquals(50, buffer.count(), "nothing leaves the buffer for an untrusted broker");
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startWithTls(pki.resolve("server.p12"), PASSWORD, true);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), topics)) {
            try (Uplink anonymous = uplink(broker.sslUrl(), Optional.of(pki.resolve("ca.pem")), Optional.empty(), Optional.empty())) {
                anonymous.start();
                Thread.sleep(3000);
                assertNotEquals(UplinkState.ONLINE, anonymous.state());
                assertEquals(50, buffer.count());
            }
            try (Uplink identified = uplink(broker.sslUrl(), Optional.of(pki.resolve("ca.pem")),
                    Optional.of(pki.resolve("server.pem")), Optional.of(pki.resolve("client.key")))) {
                identified.start();
                assertTrue(subscriber.awaitReadings(r -> r.size() >= 50, WAIT), "got " + subscriber.readings().size());
            }
        }
    }

    @Test
    void theLogSaysWhichSettingToCheck() {
        Exception untrusted = new Exception("MqttException", new Exception("PKIX path building failed: unable to find valid certification path"));
        assertTrue(Uplink.reason(untrusted).endsWith("(the broker's certificate is not signed by a CA in mqtt.ca-file)"));
        Exception noClientCert = new Exception("Connection lost", new Exception("Received fatal alert: bad_certificate"));
        assertTrue(Uplink.reason(noClientCert).endsWith("(the broker wants a client certificate: set mqtt.cert-file and mqtt.key-file)"));
        Exception refused = new Exception("Not authorized to connect");
        assertTrue(Uplink.reason(refused).endsWith("(check mqtt.username and the password in mqtt.password-file)"));
    }
}
