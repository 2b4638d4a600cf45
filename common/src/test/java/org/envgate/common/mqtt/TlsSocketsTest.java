package org.envgate.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files the way brokers' docs hand them out, made with OpenSSL for each run. */
class TlsSocketsTest {

    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    private void selfSigned(String key, String cert) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=station");
    }

    @Test
    void loadsACaAndAClientCertificateWithItsPkcs8Key() throws Exception {
        selfSigned("client.key", "client.pem");
        assertTrue(Files.readString(dir.resolve("client.key")).contains("BEGIN PRIVATE KEY"));
        assertNotNull(TlsSockets.factory(Optional.of(dir.resolve("client.pem")), Optional.of(dir.resolve("client.pem")),
                Optional.of(dir.resolve("client.key"))));
    }

    @Test
    void aPkcs1KeyGetsTheCommandThatConvertsIt() throws Exception {
        selfSigned("client.key", "client.pem");
        openssl("rsa", "-in", "client.key", "-traditional", "-out", "old.key");
        IOException e = assertThrows(IOException.class, () -> TlsSockets.factory(Optional.empty(),
                Optional.of(dir.resolve("client.pem")), Optional.of(dir.resolve("old.key"))));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in OLD.key -out old.key"), e.getMessage());
    }

    @Test
    void aFileWithoutCertificatesIsNamed() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        IOException e = assertThrows(IOException.class, () -> TlsSockets.factory(Optional.of(dir.resolve("ca.pem")),
                Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains(dir.resolve("ca.pem").toString()), e.getMessage());
    }

    @Test
    void aServerContextFromAnRsaOrAnEcPair() throws Exception {
        selfSigned("rsa.key", "rsa.pem");
        assertEquals("TLS", TlsSockets.serverContext(dir.resolve("rsa.pem"), dir.resolve("rsa.key")).getProtocol());
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key",
                "-out", "ec.pem", "-days", "2", "-subj", "/CN=station");
        assertNotNull(TlsSockets.serverContext(dir.resolve("ec.pem"), dir.resolve("ec.key")).createSSLEngine());
    }

    @Test
    void aKeyOfAnotherPairNamesTheKeyFile() throws Exception {
        selfSigned("one.key", "one.pem");
        selfSigned("other.key", "other.pem");
        TlsSockets.PemFileException e = assertThrows(TlsSockets.PemFileException.class,
                () -> TlsSockets.serverContext(dir.resolve("one.pem"), dir.resolve("other.key")));
        assertEquals(dir.resolve("other.key"), e.file());
        assertEquals(dir.resolve("other.key") + " is not the key of the certificate in " + dir.resolve("one.pem"),
                e.getMessage());
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key",
                "-out", "ec.pem", "-days", "2", "-subj", "/CN=station");
        e = assertThrows(TlsSockets.PemFileException.class,
                () -> TlsSockets.serverContext(dir.resolve("one.pem"), dir.resolve("ec.key")));
        assertEquals(dir.resolve("ec.key"), e.file());
    }

    @Test
    void aCertificateFileThatIsNoneIsNamed() throws Exception {
        selfSigned("one.key", "one.pem");
        Files.writeString(dir.resolve("bad.pem"), "not a certificate\n");
        TlsSockets.PemFileException e = assertThrows(TlsSockets.PemFileException.class,
                () -> TlsSockets.serverContext(dir.resolve("bad.pem"), dir.resolve("one.key")));
        assertEquals(dir.resolve("bad.pem"), e.file());
    }
}
