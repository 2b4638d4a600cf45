package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.envgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWarningsTest {

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    @TempDir
    Path dir;

    private List<String> warnings(String url, boolean password) throws Exception {
        Path passwordFile = dir.resolve("mqtt-password");
        Files.writeString(passwordFile, "secret\n");
        return ConfigWarnings.of(loader.parse("gateway.yaml", """
                gateway: {id: gw-1}
                mqtt:
                  url: %s
                  username: gw-1
                %s
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyAMA0}
                """.formatted(url, password ? "  password-file: " + passwordFile : "")));
    }

    @Test
    void aPasswordOverPlainTcpToAnotherMachineIsNamed() throws Exception {
        assertEquals(List.of("gateway.yaml: mqtt.password-file: the broker password goes unencrypted over "
                + "tcp://broker.example:1883; anyone on the way can read it and publish as this station. Use ssl:// "
                + "(docs/security.md)"), warnings("tcp://broker.example:1883", true));
        assertEquals(1, warnings("tcp://192.168.1.5:1883", true).size());
    }

    @Test
    void aCalibrationDatedAfterTodayIsAWarningNotAnError() throws Exception {
        GatewayConfig config = loader.parse("gateway.yaml", """
                gateway: {id: gw-1}
                mqtt: {url: "tcp://127.0.0.1:1883"}
                sensors:
                  - id: pm
                    model: pms5003
                    port: /dev/ttyAMA0
                    calibration:
                      pm2_5: {slope: 0.5, date: 2026-12-04, max-age: 30d}
                      pm10: {slope: 0.5, date: 2026-12-03}
                """);
        assertEquals(List.of("gateway.yaml: sensor pm: calibration.pm2_5.date: 2026-12-04 is after today's date by this "
                + "gateway's clock (2026-12-03); check the date, or the clock: the calibration's max-age counts from it"),
                ConfigWarnings.of(config, LocalDate.of(2026, 12, 3)));
        assertEquals(List.of(), ConfigWarnings.of(config, LocalDate.of(2026, 12, 4)));
    }

    @Test
    void tlsLoopbackOrNoPasswordGiveNoWarning() throws Exception {
        assertEquals(List.of(), warnings("ssl://broker.example:8883", true));
        assertEquals(List.of(), warnings("tcp://127.0.0.1:1883", true));
        assertEquals(List.of(), warnings("tcp://localhost:1883", true));
        assertEquals(List.of(), warnings("tcp://broker.example:1883", false));
    }
}
