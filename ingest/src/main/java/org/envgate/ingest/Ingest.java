package org.envgate.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.envgate.common.LogText;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.config.InfluxSettings;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.ingest.decode.StationEvents;
import org.envgate.ingest.decode.Stations;
import org.envgate.ingest.fleet.Fleet;
import org.envgate.ingest.fleet.FleetPage;
import org.envgate.ingest.mqtt.RetainedStatuses;
import org.envgate.ingest.mqtt.Subscriber;
import org.envgate.ingest.store.EmbeddedQuestDb;
import org.envgate.ingest.store.InfluxStore;
import org.envgate.ingest.store.PointStore;
import org.envgate.ingest.store.StoreException;
import org.envgate.ingest.store.StoreProbe;
import org.tinylog.Logger;

/**
 * The running service: broker subscription, pipeline and store (InfluxDB, or an embedded
 * QuestDB when none is configured).
 */
public final class Ingest implements AutoCloseable {

    private final EmbeddedQuestDb embedded;
    private final InfluxSettings influx;
    private final String clientId;
    private final PointStore store;
    private final Pipeline pipeline;
    private final Subscriber subscriber;
    private final IngestCounters counters;
    private final ScheduledExecutorService reporter;
    private final Optional<FleetPage> fleetPage;

    private Ingest(EmbeddedQuestDb embedded, InfluxSettings influx, String clientId, PointStore store, Pipeline pipeline,
                   Subscriber subscriber, IngestCounters counters, ScheduledExecutorService reporter,
                   Optional<FleetPage> fleetPage) {
        this.fleetPage = fleetPage;
        this.embedded = embedded;
        this.influx = influx;
        this.clientId = clientId;
        this.store = store;
        this.pipeline = pipeline;
        this.subscriber = subscriber;
        this.counters = counters;
        this.reporter = reporter;
    }

    /** Starts everything; the broker and the store need not be reachable yet. */
    public static Ingest start(IngestConfig config) throws IOException {
        long startedNanos = System.nanoTime();
        EmbeddedQuestDb embedded = null;
        InfluxSettings influx;
        if (config.influx().isPresent()) {
            influx = config.influx().get();
        } else {
            embedded = EmbeddedQuestDb.start(config.embedded());
            influx = embedded.writeSettings();
            Logger.info("no influx section: storing in the embedded QuestDB in {}; web console and SQL at {}",
                    config.embedded().path(), embedded.url());
        }
        PointStore store = new InfluxStore(influx);
        IngestCounters counters = new IngestCounters();
        Fleet fleet = new Fleet();
        PackDecoder decoder = new PackDecoder(config.mqtt().topicPrefix(), config.packs(),
                new Stations(config.gateways()), influx.textFields(),
                config.http().isPresent() ? fleet : StationEvents.NONE);
        long now = System.currentTimeMillis();
        RetainedStatuses.read(config.mqtt(), config.packs().maxBytes())
                .forEach((topic, payload) -> decoder.learnStation(topic, payload, now));
        Subscriber[] subscriber = new Subscriber[1];
        Pipeline pipeline = new Pipeline(decoder, store, new DeadLetters(config.mqtt()),
                (topic, payload) -> subscriber[0].publish(topic, payload), influx.batchSize(), config.packs().maxBytes(),
                counters);
        subscriber[0] = new Subscriber(config.mqtt(), config.packs().maxBytes(), pipeline::accept, Clock.systemUTC());
        pipeline.start();
        subscriber[0].start();
        Logger.info("writing to {}", store.describe());
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-report");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(() -> Logger.info("since start: {}", counters), 1, 1, TimeUnit.MINUTES);
        Supplier<byte[]> metrics = () -> IngestMetrics.text(counters, fleet.online(), subscriber[0].connected(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
        Optional<FleetPage> fleetPage = config.http()
                .flatMap(http -> FleetPage.start(http, config.file(), fleet, influx, metrics));
        return new Ingest(embedded, influx, config.mqtt().clientId(), store, pipeline, subscriber[0], counters, reporter,
                fleetPage);
    }

    public IngestCounters counters() {
        return counters;
    }

    /** The embedded QuestDB's HTTP address, when ingest runs one. */
    public Optional<String> embeddedUrl() {
        return Optional.ofNullable(embedded).map(EmbeddedQuestDb::url);
    }

    /** Where the fleet page listens, when it runs. */
    public Optional<InetSocketAddress> fleetPageAddress() {
        return fleetPage.map(FleetPage::address);
    }

    public boolean connected() {
        return subscriber.connected();
    }

    /** Every loop that must keep turning while ingest runs, for the systemd watchdog. */
    public List<Heartbeat> heartbeats() {
        List<Heartbeat> all = new ArrayList<>(pipeline.heartbeats());
        all.add(subscriber.heartbeat());
        return all;
    }

    /**
     * Returns once ingest is subscribed at the broker and the store has taken a probe point
     * ({@value StoreProbe#MEASUREMENT}, tag {@code instance} = the client id): then ingest is
     * ready. Until then, tells {@code waitingFor} what it waits for, each time that changes.
     */
    public void awaitReady(Consumer<String> waitingFor) throws InterruptedException {
        boolean storeAnswered = false;
        String said = "";
        while (true) {
            String waiting;
            if (!connected()) {
                waiting = "waiting for the subscription at the broker";
            } else if (!storeAnswered && !(storeAnswered = storeTakesAPoint())) {
                waiting = "waiting for the store (" + store.describe() + ") to take a write";
            } else {
                Logger.info("ready: subscribed, and {} takes writes", store.describe());
                return;
            }
            if (!waiting.equals(said)) {
                said = waiting;
                waitingFor.accept(waiting);
            }
            Thread.sleep(1000);
        }
    }

    private boolean storeTakesAPoint() {
        try (InfluxStore probe = new InfluxStore(influx)) {
            probe.write(List.of(StoreProbe.line(clientId, 0, System.currentTimeMillis())));
            return true;
        } catch (StoreException e) {
            Logger.debug("store not ready: {}", LogText.untrusted(e.getMessage(), 200));
            return false;
        }
    }

    /**
     * Stops without acknowledging anything not yet stored; the broker redelivers it to the next
     * instance with this client id.
     */
    @Override
    public void close() {
        reporter.shutdownNow();
        fleetPage.ifPresent(FleetPage::close);
        pipeline.stopAccepting();
        subscriber.close();
        pipeline.close();
        store.close();
        if (embedded != null) {
            embedded.close();
        }
        Logger.info("stopped; {}", counters);
    }
}
