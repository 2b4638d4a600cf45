package org.envgate.gateway.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One headless Chromium session driven through Debian's chromedriver (W3C WebDriver over HTTP),
 * for tests that watch a page change by itself, which a single {@code --dump-dom} cannot.
 */
final class Chromedriver implements AutoCloseable {

    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    /** The session's URL; its commands are below it. */
    private final URI session;

    private Chromedriver(Process process, URI session) {
        this.process = process;
        this.session = session;
    }

    static Chromedriver start(Path chromium, Path profile, Path log) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process process = new ProcessBuilder(DRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitReady(base);
            ObjectNode capabilities = JSON.createObjectNode();
            ObjectNode chrome = capabilities.putObject("capabilities").putObject("alwaysMatch")
                    .put("browserName", "chrome").putObject("goog:chromeOptions");
            chrome.put("binary", chromium.toString());
            List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic", "--user-data-dir=" + profile)
                    .forEach(chrome.putArray("args")::add);
            JsonNode created = call("POST", base.resolve("session"), capabilities);
            return new Chromedriver(process, base.resolve("session/" + created.get("sessionId").asText()));
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static void awaitReady(URI base) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (call("GET", base.resolve("status"), null).get("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromedriver did not start within 30 s");
    }

    void open(URI page) throws IOException, InterruptedException {
        call("POST", command("url"), JSON.createObjectNode().put("url", page.toString()));
    }

    /** Lays pages out as a phone of this many CSS pixels would (Chrome DevTools' device metrics). */
    void emulatePhone(int width, int height) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("cmd", "Emulation.setDeviceMetricsOverride");
        body.putObject("params").put("width", width).put("height", height).put("deviceScaleFactor", 3).put("mobile", true);
        call("POST", command("goog/cdp/execute"), body);
    }

    /**
     * Runs every page this session opens next with its {@code setInterval} periods divided by
     * {@code factor}, so that a test waits that much less for a page's own refresh. Timeouts
     * ({@code setTimeout}) keep their length: a slow answer is not taken for none.
     */
    void quickenIntervals(int factor) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("cmd", "Page.addScriptToEvaluateOnNewDocument");
        body.putObject("params").put("source", "(() => { const every = window.setInterval;"
                + " window.setInterval = (task, millis, ...args) => every(task, millis / " + factor + ", ...args); })();");
        call("POST", command("goog/cdp/execute"), body);
    }

    /** The page as it is on screen now, a PNG. */
    byte[] screenshot() throws IOException, InterruptedException {
        return java.util.Base64.getDecoder().decode(call("GET", command("screenshot"), null).asText());
    }

    /** Runs {@code script} (a function body that returns something) in the page and returns its result. */
    JsonNode run(String script) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", command("execute/sync"), body);
    }

    private URI command(String name) {
        return URI.create(session + "/" + name);
    }

    private static JsonNode call(String method, URI uri, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).get("value");
        if (response.statusCode() != 200) {
            throw new AssertionError("chromedriver " + method + " " + uri + ": " + response.statusCode() + " " + value);
        }
        return value;
    }

    @Override
    public void close() {
        try {
            call("DELETE", session, null);
        } catch (IOException | AssertionError e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroy();
        }
    }
}
