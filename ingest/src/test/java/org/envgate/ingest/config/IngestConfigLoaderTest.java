package org.envgate.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theSmallestConfigRunsOnTheEmbeddedStoreWithDefaults() throws Exception {
        IngestConfig config = new IngestConfigLoader().parse("ingest.yaml", "mqtt:\n  url: tcp://broker:1883\n");

        assertEquals("envgate-ingest", config.mqtt().clientId());
        assertEquals(List.of("envgate/+/readings", "envgate/+/aggregates", "envgate/+/status", "envgate/+/health", "envgate/+/alerts/+"), config.mqtt().subscriptions());
        assertEquals("envgate/_rejected/gw-1", config.mqtt().deadLetterTopic("gw-1"));
        assertTrue(config.influx().isEmpty());
        assertEquals(new EmbeddedSettings(Path.of("/var/lib/envgate-ingest/questdb"), "127.0.0.1", 9000), config.embedded());
        assertEquals(new PackLimits(256 * 1024, Duration.ofDays(90), Duration.ofMinutes(10)), config.packs());
        assertEquals(StationTags.NONE, config.gateways().getOrDefault("gw-1", StationTags.NONE));
    }

    @Test
    void thePackagedConfigStartsAgainstALocalBrokerOnTheEmbeddedStoreInTheStateFolder() throws Exception {
        IngestConfig config = new IngestConfigLoader().load(Path.of("..", "systemd", "ingest", "ingest.yaml"));

        assertEquals("tcp://localhost:1883", config.mqtt().url());
        assertEquals("envgate-ingest", config.mqtt().clientId());
        assertTrue(config.influx().isEmpty());
        assertEquals(new EmbeddedSettings(Path.of("/var/lib/envgate-ingest/questdb"), "127.0.0.1", 9000), config.embedded());
        assertEquals(List.of(), ConfigWarnings.of(config));
    }

    @Test
    void readsEveryKey() throws Exception {
        Files.writeString(dir.resolve("influx-token"), "s3cret-token\n");
        Files.writeString(dir.resolve("mqtt-password"), "pw\n");
        Path file = dir.resolve("ingest.yaml");
        Files.writeString(file, """
                mqtt:
                  url: ssl://broker.agency:8883
                  topic-prefix: city/envgate
                  client-id: ingest-1
                  share-group: ingest
                  username: ingest
                  password-file: mqtt-password
                  keep-alive: 30s
                  reconnect-max: 2m
                influx:
                  url: https://influx.agency:8086
                  token-file: influx-token
                  org: agency
                  bucket: envgate
                  gzip: false
                  batch-size: 5000
                  timeout: 10s
                packs:
                  max-size: 1MB
                  max-age: 30d
                  max-ahead: 1m
                gateways:
                  dn-lienchieu-01:
                    site: lien-chieu
                    sensors:
                      pm: pms5003
                      water: atlas-ph
                """);

        IngestConfig config = new IngestConfigLoader().load(file);

        MqttSettings mqtt = config.mqtt();
        assertEquals(List.of("$share/ingest/city/envgate/+/readings", "$share/ingest/city/envgate/+/aggregates",
                "city/envgate/+/status", "$share/ingest/city/envgate/+/health",
                "$share/ingest/city/envgate/+/alerts/+"), mqtt.subscriptions());
        assertEquals("city/envgate/_rejected/gw-1", mqtt.deadLetterTopic("gw-1"));
        assertEquals("ingest-1", mqtt.clientId());
        assertEquals(Optional.of(dir.resolve("mqtt-password")), mqtt.passwordFile());
        assertEquals(Duration.ofSeconds(30), mqtt.keepAlive());
        assertTrue(mqtt.tls());
        InfluxSettings influx = config.influx().orElseThrow();
        assertEquals(new InfluxSettings("https://influx.agency:8086", "s3cret-token", "agency", "envgate", false, 5000,
                Duration.ofSeconds(10), true), influx);
        assertFalse(influx.toString().contains("s3cret"), "the token stays out of logs");
        assertEquals(new PackLimits(1 << 20, Duration.ofDays(30), Duration.ofMinutes(1)), config.packs());
        assertEquals(new StationTags(Optional.of("lien-chieu"), Map.of("pm", "pms5003", "water", "atlas-ph")),
                config.gateways().get("dn-lienchieu-01"));
    }
}
