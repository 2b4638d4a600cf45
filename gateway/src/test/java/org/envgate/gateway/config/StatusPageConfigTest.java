package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status-page.cert-file} and {@code key-file}: both or neither, and a pair that belongs together. */
class StatusPageConfigTest {

    @TempDir
    Path dir;

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    private StatusPageConfig parse(String page) throws ConfigException {
        return loader.parse(dir.resolve("g.yaml").toString(), """
                gateway: {id: gw-1}
                mqtt: {url: tcp://broker.example:1883}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                status-page:
                  listen: 0.0.0.0:8443
                """ + page).statusPage().orElseThrow();
    }

    private void openssl(String name) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=station")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
    }

    @Test
    void readsTheCertificateAndKeyFiles() throws Exception {
        openssl("page");
        StatusPageConfig page = parse("  cert-file: page.pem\n  key-file: page.key\n");
        assertEquals(dir.resolve("page.pem"), page.certFile().orElseThrow());
        assertEquals(dir.resolve("page.key"), page.keyFile().orElseThrow());
    }

    @Test
    void aKeyOfAnotherCertificateIsAConfigErrorNamingTheKeyFile() throws Exception {
        openssl("page");
        openssl("other");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("  cert-file: page.pem\n  key-file: other.key\n"));
        assertEquals(dir.resolve("g.yaml") + ":8: status-page.key-file: " + dir.resolve("other.key")
                + " is not the key of the certificate in " + dir.resolve("page.pem"), e.getMessage());
    }

    @Test
    void aCertificateWithoutItsKeyIsAConfigError() throws Exception {
        openssl("page");
        ConfigException e = assertThrows(ConfigException.class, () -> parse("  cert-file: page.pem\n"));
        assertEquals(dir.resolve("g.yaml") + ":7: status-page.cert-file: cert-file and key-file go together: give "
                + "both for HTTPS, or neither", e.getMessage());
    }
}
