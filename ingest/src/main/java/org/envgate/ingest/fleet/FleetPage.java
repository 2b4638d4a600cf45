package org.envgate.ingest.fleet;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.envgate.common.http.Answer;
import org.envgate.common.http.PageServer;
import org.envgate.common.http.Routes;
import org.envgate.ingest.config.FleetPageSettings;

/**
 * The fleet page for the operations room ({@code http:} in ingest's config): every station's
 * state on one page and {@code /api/fleet} (JSON), served by the same hardened server as the
 * gateway's status page (limits per step, GET and HEAD only, password, TLS, strict CSP).
 */
public final class FleetPage implements AutoCloseable {

    private static final PageServer.Naming NAMING = new PageServer.Naming("fleet page", "http", "ingest");

    private final PageServer server;

    private FleetPage(PageServer server) {
        this.server = server;
    }

    /**
     * Starts the page, or logs why it cannot and returns nothing: ingest stores readings without it.
     *
     * @param configFile the config file, to name in messages
     */
    public static Optional<FleetPage> start(FleetPageSettings settings, String configFile, Fleet fleet) {
        return start(settings, configFile, fleet, PageServer.Limits.DEFAULT, System::nanoTime);
    }

    static Optional<FleetPage> start(FleetPageSettings settings, String configFile, Fleet fleet,
                                     PageServer.Limits limits, LongSupplier nanoTime) {
        Map<String, Object> about = Map.of(
                "refresh_s", settings.refresh().toMillis() / 1000.0,
                "series", settings.series().key());
        Supplier<byte[]> report = Routes.atMostOncePer(Duration.ofSeconds(1),
                () -> fleet.json(System.currentTimeMillis(), about));
        Routes routes = new Routes()
                .file("/", FleetPage.class, "index.html")
                .file("/fleet.js", FleetPage.class, "fleet.js")
                .file("/fleet.css", FleetPage.class, "fleet.css")
                .file("/uplot/uPlot.iife.min.js", FleetPage.class, "uplot/uPlot.iife.min.js")
                .file("/uplot/uPlot.min.css", FleetPage.class, "uplot/uPlot.min.css")
                .get("/api/fleet", query -> Answer.json(report.get()));
        return PageServer.start(NAMING, settings.page(), configFile, routes, limits, nanoTime).map(FleetPage::new);
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
