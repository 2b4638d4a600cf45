package org.envgate.gateway.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.envgate.gateway.config.StatusPageConfig;
import org.tinylog.Logger;

/**
 * The read-only status page: a small page for a technician's phone and {@code /api/status}
 * (JSON), served by the JDK's own HTTP server on two threads. Only GET and HEAD are answered;
 * the page's script and style come from the gateway itself, and the strict Content Security
 * Policy allows nothing else.
 */
public final class StatusPage implements AutoCloseable {

    static final String JSON = "application/json; charset=utf-8";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final long REPORT_MAX_AGE_NANOS = 1_000_000_000L;

    /** One file of the page, a resource beside this class. */
    private record Source(String resource, String contentType) {
    }

    /** The page's files by path. */
    private static final Map<String, Source> FILES = Map.of(
            "/", new Source("index.html", "text/html; charset=utf-8"),
            "/status.js", new Source("status.js", "text/javascript; charset=utf-8"),
            "/status.css", new Source("status.css", "text/css; charset=utf-8"));

    private record Asset(String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Supplier<byte[]> status;
    private final Optional<byte[]> passwordDigest;
    private final Map<String, Asset> assets;
    private byte[] report;
    private long reportNanos;

    private StatusPage(HttpServer server, ExecutorService threads, Supplier<byte[]> status,
                       Optional<byte[]> passwordDigest, Map<String, Asset> assets) {
        this.server = server;
        this.threads = threads;
        this.status = status;
        this.passwordDigest = passwordDigest;
        this.assets = assets;
    }

    /**
     * Starts the page, or logs why it cannot and returns nothing: the gateway keeps collecting
     * readings without it.
     *
     * @param configFile the config file, to name in messages
     * @param status     makes the body of {@code /api/status}; asked at most once a second
     */
    public static Optional<StatusPage> start(StatusPageConfig config, String configFile, Supplier<byte[]> status) {
        String where = "status-page.listen " + config.listen() + " (" + configFile + ":" + config.line() + ")";
        Optional<byte[]> passwordDigest;
        try {
            passwordDigest = config.passwordFile().isEmpty() ? Optional.empty()
                    : Optional.of(digest(Files.readString(config.passwordFile().get(), StandardCharsets.UTF_8)
                            .lines().findFirst().orElse("")));
        } catch (IOException e) {
            Logger.error("status page not started: status-page.password-file {} cannot be read: {}; the gateway runs "
                    + "on without it", config.passwordFile().get(), e.getMessage());
            return Optional.empty();
        }
        HttpServer server;
        try {
            server = HttpServer.create(address(config), 8);
        } catch (IOException e) {
            Logger.error("status page not started: cannot listen on {}: {}; the gateway runs on without it", where,
                    e.getMessage());
            return Optional.empty();
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "status-page");
            thread.setDaemon(true);
            return thread;
        });
        StatusPage page = new StatusPage(server, threads, status, passwordDigest, loadAssets());
        server.createContext("/", page::handle);
        server.setExecutor(threads);
        server.start();
        Logger.info("status page on {}{}", page.url(config.host()),
                passwordDigest.isPresent() ? " (password required)" : "");
        return Optional.of(page);
    }

    /**
     * Whether the page could listen where configured, for {@code envgate check}: binds the address
     * and lets it go at once.
     *
     * @return why it cannot, or nothing when it can
     */
    public static Optional<String> tryListen(StatusPageConfig config) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address(config));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static InetSocketAddress address(StatusPageConfig config) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IOException("'" + config.host() + "' is not a known host name or address");
        }
        return address;
    }

    /** The address the page listens on, with the port it really got. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private String url(String host) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + address().getPort() + "/";
    }

    private static Map<String, Asset> loadAssets() {
        Map<String, Asset> assets = new HashMap<>();
        for (Map.Entry<String, Source> file : FILES.entrySet()) {
            Source source = file.getValue();
            try (InputStream in = StatusPage.class.getResourceAsStream(source.resource())) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the status page's " + source.resource());
                }
                assets.put(file.getKey(), new Asset(source.contentType(), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the status page's " + source.resource() + " from the jar", e);
            }
        }
        return Map.copyOf(assets);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Content-Security-Policy", CSP);
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD: this page is read-only\n");
                return;
            }
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                headers.set("WWW-Authenticate", "Basic realm=\"envgate\", charset=\"UTF-8\"");
                send(exchange, 401, "text/plain; charset=utf-8", "password required\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/status")) {
                send(exchange, 200, JSON, report());
                return;
            }
            Asset asset = assets.get(path);
            if (asset == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            send(exchange, 200, asset.contentType(), asset.body());
        } catch (RuntimeException e) {
            Logger.warn("status page: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
        }
    }

    /** The status, made at most once a second however often it is asked for: the page must stay light. */
    private synchronized byte[] report() {
        long now = System.nanoTime();
        if (report == null || now - reportNanos >= REPORT_MAX_AGE_NANOS) {
            report = status.get();
            reportNanos = now;
        }
        return report;
    }

    /** HTTP Basic with any user name; the password is compared by its digest, in constant time. */
    private boolean authorized(String authorization) {
        if (passwordDigest.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = credentials.indexOf(':');
        return colon >= 0 && MessageDigest.isEqual(passwordDigest.get(), digest(credentials.substring(colon + 1)));
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        send(exchange, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
