package org.envgate.gateway.status;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.envgate.common.http.Answer;
import org.envgate.common.http.PageServer;
import org.envgate.common.http.Routes;
import org.envgate.common.metrics.PrometheusText;
import org.envgate.common.http.PageConfig;

/**
 * The read-only status page: a small page for a technician's phone, {@code /api/status} (JSON)
 * and {@code /metrics} (Prometheus text), served by the hardened {@link PageServer} (limits per step, capped headers, no bodies,
 * GET and HEAD only, password, TLS, strict Content Security Policy).
 */
public final class StatusPage implements AutoCloseable {

    static final String CSP = PageServer.CSP;
    private static final PageServer.Naming NAMING = new PageServer.Naming("status page", "status-page", "the gateway");

    private final PageServer server;

    private StatusPage(PageServer server) {
        this.server = server;
    }

    /**
     * Starts the page, or logs why it cannot and returns nothing: the gateway keeps collecting
     * readings without it.
     *
     * @param configFile the config file, to name in messages
     * @param status     makes the body of {@code /api/status}; asked at most once a second
     * @param metrics    makes the body of {@code /metrics}; asked at most once a second
     */
    public static Optional<StatusPage> start(PageConfig config, String configFile, Supplier<byte[]> status,
                                             Supplier<byte[]> metrics) {
        return start(config, configFile, status, metrics, PageServer.Limits.DEFAULT, System::nanoTime);
    }

    static Optional<StatusPage> start(PageConfig config, String configFile, Supplier<byte[]> status,
                                      Supplier<byte[]> metrics, PageServer.Limits limits, LongSupplier nanoTime) {
        Supplier<byte[]> report = Routes.atMostOncePer(Duration.ofSeconds(1), status);
        Supplier<byte[]> scrape = Routes.atMostOncePer(Duration.ofSeconds(1), metrics);
        Routes routes = new Routes()
                .file("/", StatusPage.class, "index.html")
                .file("/status.js", StatusPage.class, "status.js")
                .file("/status.css", StatusPage.class, "status.css")
                .get("/api/status", query -> Answer.json(report.get()))
                .get("/metrics", query -> Answer.ok(PrometheusText.CONTENT_TYPE, scrape.get()));
        return PageServer.start(NAMING, page(config), configFile, routes, limits, nanoTime).map(StatusPage::new);
    }

    /**
     * Whether the page could listen where configured, for {@code envgate check}: binds the address
     * and lets it go at once.
     *
     * @return why it cannot, or nothing when it can
     */
    public static Optional<String> tryListen(PageConfig config) {
        return PageServer.tryListen(page(config));
    }

    private static PageConfig page(PageConfig config) {
        return new PageConfig(config.host(), config.port(), config.passwordFile(), config.certFile(),
                config.keyFile(), config.line());
    }

    /** The address the page listens on, with the port it really got. */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
