package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.envgate.common.config.ConfigException;
import org.envgate.common.http.PageConfig;
import org.envgate.drivers.DriverRegistry;
import org.envgate.link.SerialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    @Test
    void readsTheConfigOfTheDesign(@TempDir Path dir) throws Exception {
        GatewayConfig config = loader.parse("gateway.yaml", """
                gateway:
                  id: dn-lienchieu-01
                  site: lien-chieu
                storage:
                  path: %s
                  max-size: 512MB
                  when-full: drop-newest
                mqtt:
                  url: tcp://broker.example:1883
                  topic-prefix: city/env
                sensors:
                  - id: pm
                    model: pms5003
                    port: /dev/ttyAMA0
                    interval: 10s
                    mode: passive
                    warm-up: 30s
                  - id: pm-roof
                    model: pms7003
                    port: tcp://10.0.0.7:4001
                    interval: 500ms
                    baud: 19200
                    parity: even
                    stop-bits: 2
                """.formatted(dir));

        assertEquals("dn-lienchieu-01", config.gatewayId());
        assertEquals("lien-chieu", config.site());
        assertEquals(dir, config.storage().path());
        assertEquals(512L << 20, config.storage().maxSize());
        assertEquals(StorageConfig.WhenFull.DROP_NEWEST, config.storage().whenFull());
        assertEquals("city/env", config.mqtt().topicPrefix());
        assertEquals("envgate-dn-lienchieu-01", config.mqtt().clientId());
        assertEquals(2, config.sensors().size());
        SensorConfig pm = config.sensors().get(0);
        assertEquals("pm", pm.id());
        assertEquals("pms5003", pm.model());
        assertEquals(Duration.ofSeconds(10), pm.interval());
        assertEquals(Duration.ofSeconds(30), pm.warmUp());
        assertEquals(SerialSettings.DEFAULT_9600_8N1, pm.serial());
        SensorConfig roof = config.sensors().get(1);
        assertEquals(Duration.ofMillis(500), roof.interval());
        assertEquals(new SerialSettings(19200, 8, SerialSettings.Parity.EVEN, 2), roof.serial());
        assertEquals("tcp://10.0.0.7:4001", roof.port());
    }

    @Test
    void defaultsWhatTheDesignLeavesOut() throws Exception {
        GatewayConfig config = loader.parse("min.yaml", """
                gateway: {id: gw-1}
                mqtt: {url: "ssl://broker.example:8883"}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                """);
        assertEquals(Path.of("/var/lib/envgate"), config.storage().path());
        assertEquals(2L << 30, config.storage().maxSize());
        assertEquals(StorageConfig.WhenFull.DROP_OLDEST, config.storage().whenFull());
        assertEquals("envgate", config.mqtt().topicPrefix());
        assertTrue(config.mqtt().tls());
        assertEquals(Duration.ofSeconds(10), config.sensors().get(0).interval());
        assertEquals(Duration.ofSeconds(30), config.sensors().get(0).warmUp(), "the model's warm-up from the datasheet");
    }

    @Test
    void resolvesFilesBesideTheConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("password"), "s3cret\n");
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                gateway: {id: gw-1}
                mqtt:
                  url: tcp://broker.example:1883
                  username: station-1
                  password-file: password
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                """);
        GatewayConfig config = loader.load(file);
        assertEquals(dir.resolve("password"), config.mqtt().passwordFile().orElseThrow());
        assertEquals("station-1", config.mqtt().username().orElseThrow());
    }

    @Test
    void theShippedSampleConfigLoads() throws Exception {
        GatewayConfig config = loader.load(Path.of("..", "config", "gateway.yaml"));
        assertEquals("dn-lienchieu-01", config.gatewayId());
        assertEquals("pms5003", config.sensors().get(0).model());
    }

    @Test
    void aMissingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(Path.of("/nonexistent/gw.yaml")));
        assertEquals("/nonexistent/gw.yaml: no such file", e.getMessage());
    }

    @Test
    void certificateAndKeyGoTogether(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("client.pem"), "x");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(dir.resolve("g.yaml").toString(), """
                gateway: {id: gw-1}
                mqtt:
                  url: ssl://broker.example:8883
                  cert-file: client.pem
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                """));
        assertEquals(4, e.line());
        assertEquals("mqtt.cert-file", e.key());
        assertTrue(e.getMessage().endsWith("cert-file and key-file go together: give both or neither"), e.getMessage());
    }

    @Test
    void readsTheStatusPageAndLed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("status-password"), "s3cret\n");
        GatewayConfig config = loader.parse(dir.resolve("g.yaml").toString(), """
                gateway: {id: gw-1}
                mqtt: {url: tcp://broker.example:1883}
                gpio: {platform: mock}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                  - {id: rain, model: rain-gauge, port: "gpio:17"}
                status-page:
                  listen: 0.0.0.0:8080
                  password-file: status-password
                status-led:
                  pin: 27
                """);
        PageConfig page = config.statusPage().orElseThrow();
        assertEquals("0.0.0.0", page.host());
        assertEquals(8080, page.port());
        assertEquals(dir.resolve("status-password"), page.passwordFile().orElseThrow());
        assertEquals(8, page.line());
        assertEquals(27, config.statusLed().orElseThrow().pin());
        assertEquals(11, config.statusLed().orElseThrow().line());
    }

    @Test
    void listenTakesNamesAndBracketedIpv6Addresses() throws Exception {
        for (String[] listen : new String[][] {{"localhost:80", "localhost", "80"}, {"\"[::]:8080\"", "::", "8080"},
                {"\"[fe80::1]:443\"", "fe80::1", "443"}, {"127.0.0.1:0", "127.0.0.1", "0"}}) {
            PageConfig page = loader.parse("g.yaml", """
                    gateway: {id: gw-1}
                    mqtt: {url: tcp://broker.example:1883}
                    sensors:
                      - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                    status-page:
                      listen: %s
                    """.formatted(listen[0])).statusPage().orElseThrow();
            assertEquals(listen[1], page.host(), listen[0]);
            assertEquals(Integer.parseInt(listen[2]), page.port(), listen[0]);
        }
    }

    @Test
    void withoutTheirSectionsThereIsNoStatusPageAndNoLed() throws Exception {
        GatewayConfig config = loader.parse("g.yaml", """
                gateway: {id: gw-1}
                mqtt: {url: tcp://broker.example:1883}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                """);
        assertTrue(config.statusPage().isEmpty());
        assertTrue(config.statusLed().isEmpty());
    }
}
