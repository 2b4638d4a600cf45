package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.envgate.common.config.ConfigException;
import org.envgate.common.http.PageConfig;
import org.envgate.drivers.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status-page.cert-file} and {@code key-file}: both or neither, and a pair that belongs together. */
class StatusPageConfigTest {

    @TempDir
    Path dir;

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    private PageConfig parse(String page) throws ConfigException {
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
        PageConfig page = parse("  cert-file: page.pem\n  key-file: page.key\n");
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

    @Test
    void aHugePasswordFileIsAConfigErrorNamingItNotAnOutOfMemoryError() throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve("status-password").toFile(), "rw")) {
            sparse.setLength(300L << 20);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> parse("  password-file: status-password\n"));
        assertEquals(dir.resolve("g.yaml") + ":7: status-page.password-file: " + dir.resolve("status-password")
                + ": is 314572800 bytes; a config file may be at most 1048576 bytes (1 MB)", e.getMessage());
    }

    @Test
    void aPasswordOverPlainHttpOffLoopbackIsWarnedOf() throws Exception {
        Files.writeString(dir.resolve("status-password"), "s3cret\n");
        GatewayConfig plain = loader.parse(dir.resolve("g.yaml").toString(), """
                gateway: {id: gw-1}
                mqtt: {url: tcp://127.0.0.1:1883}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                status-page:
                  listen: 0.0.0.0:8080
                  password-file: status-password
                """);
        assertEquals(List.of(dir.resolve("g.yaml") + ": status-page.password-file: the page's password goes "
                + "unencrypted over http://0.0.0.0:8080/; anyone on that network can read it. Set "
                + "status-page.cert-file and key-file for HTTPS, or listen on 127.0.0.1 (docs/status-page.md)"),
                ConfigWarnings.of(plain));
    }

    @Test
    void httpsLoopbackOrNoPasswordGiveNoWarning() throws Exception {
        Files.writeString(dir.resolve("status-password"), "s3cret\n");
        openssl("page");
        String config = """
                gateway: {id: gw-1}
                mqtt: {url: tcp://127.0.0.1:1883}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                status-page:
                """;
        for (String page : new String[] {
                "  listen: 0.0.0.0:8443\n  password-file: status-password\n  cert-file: page.pem\n  key-file: page.key\n",
                "  listen: 127.0.0.1:8080\n  password-file: status-password\n",
                "  listen: \"[::1]:8080\"\n  password-file: status-password\n",
                "  listen: 0.0.0.0:8080\n"}) {
            assertEquals(List.of(), ConfigWarnings.of(loader.parse(dir.resolve("g.yaml").toString(), config + page)), page);
        }
    }
}
