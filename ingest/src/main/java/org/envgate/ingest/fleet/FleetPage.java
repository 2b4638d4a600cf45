package org.envgate.ingest.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.envgate.common.LogText;
import org.envgate.common.http.Answer;
import org.envgate.common.http.PageServer;
import org.envgate.common.http.Routes;
import org.envgate.common.metrics.PrometheusText;
import org.envgate.ingest.config.FleetPageSettings;
import org.envgate.ingest.config.InfluxSettings;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.tinylog.Logger;

/**
 * The fleet page for the operations room ({@code http:} in ingest's config): every station's
 * state on one page and {@code /api/fleet} (JSON), served by the same hardened server as the
 * gateway's status page (limits per step, GET and HEAD only, password, TLS, strict CSP),
 * {@code /api/series}, a quantity's last 24 hours read from the store for the plots, and
 * {@code /metrics}, ingest's own metrics in the Prometheus text format.
 */
public final class FleetPage implements AutoCloseable {

    private static final PageServer.Naming NAMING = new PageServer.Naming("fleet page", "http", "ingest");

    private final PageServer server;

    private FleetPage(PageServer server) {
        this.server = server;
    }

    /** How long the store may take to answer a plot's query: within the page's step. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(4);

    /**
     * Starts the page, or logs why it cannot and returns nothing: ingest stores readings without it.
     *
     * @param configFile the config file, to name in messages
     * @param store      the store ingest writes to, whose query API {@code http.series} names
     * @param metrics    makes the body of {@code /metrics}; asked at most once a second
     */
    public static Optional<FleetPage> start(FleetPageSettings settings, String configFile, Fleet fleet,
                                            InfluxSettings store, Supplier<byte[]> metrics) {
        Optional<SeriesSource> series = switch (settings.series()) {
            case QUESTDB -> Optional.of(new QuestDbSeries(store.url(), QUERY_TIMEOUT));
            case VICTORIAMETRICS -> Optional.of(new VictoriaMetricsSeries(store.url(), store.token(), QUERY_TIMEOUT));
            case INFLUXDB -> Optional.of(new InfluxSeries(store, QUERY_TIMEOUT));
            case NONE -> Optional.empty();
        };
        return start(settings, configFile, fleet, series, metrics, PageServer.Limits.DEFAULT, System::nanoTime);
    }

    static Optional<FleetPage> start(FleetPageSettings settings, String configFile, Fleet fleet,
                                     Optional<SeriesSource> series, Supplier<byte[]> metrics, PageServer.Limits limits,
                                     LongSupplier nanoTime) {
        Map<String, Object> about = Map.of(
                "refresh_s", settings.refresh().toMillis() / 1000.0,
                "series", settings.series().key());
        Supplier<byte[]> report = Routes.atMostOncePer(Duration.ofSeconds(1),
                () -> fleet.json(System.currentTimeMillis(), about));
        Supplier<byte[]> scrape = Routes.atMostOncePer(Duration.ofSeconds(1), metrics);
        Routes routes = new Routes()
                .file("/", FleetPage.class, "index.html")
                .file("/fleet.js", FleetPage.class, "fleet.js")
                .file("/fleet.css", FleetPage.class, "fleet.css")
                .file("/uplot/uPlot.iife.min.js", FleetPage.class, "uplot/uPlot.iife.min.js")
                .file("/uplot/uPlot.min.css", FleetPage.class, "uplot/uPlot.min.css")
                .get("/api/fleet", query -> Answer.json(report.get()))
                .get("/metrics", query -> Answer.ok(PrometheusText.CONTENT_TYPE, scrape.get()))
                .slow("/api/series", query -> series(series, query));
        return PageServer.start(NAMING, settings.page(), configFile, routes, limits, nanoTime).map(FleetPage::new);
    }

    /** {@code /api/series?gateway=G&quantity=Q}: 24 hours of one quantity of one gateway, from the store. */
    private static Answer series(Optional<SeriesSource> source, Map<String, String> query) {
        String gateway = query.getOrDefault("gateway", "");
        if (!Reading.isId(gateway)) {
            return Answer.text(400, "gateway must be a gateway id ([a-z0-9-]+, at most " + Reading.MAX_ID_LENGTH
                    + " characters)\n");
        }
        Optional<Quantity> quantity = Quantity.byId(query.getOrDefault("quantity", ""));
        if (quantity.isEmpty()) {
            return Answer.text(400, "quantity must be one of the quantities envgate knows, e.g. pm2_5\n");
        }
        if (source.isEmpty()) {
            return Answer.text(404, "plots are not available for this store (http.series: none)\n");
        }
        try {
            return Answer.json(source.get().read(gateway, quantity.get(), System.currentTimeMillis()).json());
        } catch (IOException e) {
            Logger.warn("fleet page: cannot read {}/{} from the store: {}", gateway, quantity.get().id(),
                    LogText.untrusted(e.getMessage(), 200));
            return Answer.text(502, "the store did not answer the plot's query: "
                    + LogText.untrusted(String.valueOf(e.getMessage()), 200) + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.text(503, "ingest is stopping\n");
        }
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
