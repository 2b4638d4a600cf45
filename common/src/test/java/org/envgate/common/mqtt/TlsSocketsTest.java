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
}
