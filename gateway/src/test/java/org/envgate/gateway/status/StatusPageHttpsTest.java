package org.envgate.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.envgate.common.http.PageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page over HTTPS with a certificate made for the test. */
class StatusPageHttpsTest {

    @TempDir
    Path dir;

    private static final byte[] STATUS = "{\"gateway\":\"gw-tls\"}".getBytes(StandardCharsets.UTF_8);

    private PageConfig config(String host, boolean password, boolean https) throws IOException {
        Optional<Path> passwordFile = password
                ? Optional.of(Files.writeString(dir.resolve("status-password"), "s3cret\n")) : Optional.empty();
        return new PageConfig(host, 0, passwordFile,
                https ? Optional.of(dir.resolve("page.pem")) : Optional.empty(),
                https ? Optional.of(dir.resolve("page.key")) : Optional.empty(), 3);
    }

    @Test
    void servesThePageOverHttpsWithThePassword() throws Exception {
        Certificates.selfSigned(dir, "page");
        try (StatusPage page = StatusPage.start(config("127.0.0.1", true, true), "gateway.yaml", () -> STATUS,
                () -> new byte[0]).orElseThrow()) {
            URI api = URI.create("https://127.0.0.1:" + page.address().getPort() + "/api/status");
            HttpClient client = HttpClient.newBuilder().sslContext(Certificates.trusting(dir.resolve("page.pem"))).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(api)
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("tech:s3cret".getBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("{\"gateway\":\"gw-tls\"}", response.body());
            assertEquals(StatusPage.CSP, response.headers().firstValue("Content-Security-Policy").orElse(""));

            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + page.address().getPort() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()), "no page over plain HTTP on the HTTPS port");
        }
    }

    @Test
    void logsItsHttpsAddress() throws Exception {
        Certificates.selfSigned(dir, "page");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            StatusPage.start(config("127.0.0.1", true, true), "gateway.yaml", () -> STATUS, () -> new byte[0])
                    .orElseThrow().close();
        } finally {
            System.setErr(err);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("INFO  status page on https://127.0.0.1:"), log.toString());
    }
}
