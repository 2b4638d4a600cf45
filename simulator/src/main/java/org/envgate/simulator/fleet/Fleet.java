package org.envgate.simulator.fleet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.simulator.Numbers;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.Topics;

/**
 * Publishes as many gateways straight to a broker, to load-test the broker and ingest: each
 * gateway has its own MQTT connection (so the broker sees as many clients as the field would),
 * a retained {@code online} status and an {@code offline} Last Will, and publishes one SenML pack
 * with a reading of each of its sensors in turn. Packs go out on a fixed schedule computed from
 * the start, so the rate holds steady rather than drifting; a pack the broker cannot take yet
 * (the client's in-flight window is full) waits for the next tick and shows as a lower rate.
 *
 * <p>Paho gives each connection a receiving, a sending and a callback thread; the keep-alive
 * pings of all connections share one scheduler thread here (by default each connection would
 * have a timer thread of its own), so a fleet of 1,000 gateways runs on about 3,000 threads.
 */
public final class Fleet implements AutoCloseable {

    /** What a run achieved. */
    public record Summary(long readingsAcknowledged, long packsFailed, double seconds) {
        public double rate() {
            return seconds == 0 ? 0 : readingsAcknowledged / seconds;
        }
    }

    private static final long TICK_MILLIS = 20;
    private static final int MAX_IN_FLIGHT = 1000;
    private static final int CONNECTING_AT_ONCE = 50;
    private static final long CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final Quantity[] QUANTITIES = {Quantity.PM2_5, Quantity.PM10, Quantity.CO2, Quantity.TEMPERATURE};

    private final FleetArguments args;
    private final PrintStream out;
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Topics> topics = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Random values = new Random(1);
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fleet-pings");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopped;

    private Fleet(FleetArguments args, PrintStream out) {
        this.args = args;
        this.out = out;
    }

    /**
     * Connects every gateway of the fleet and marks it online, {@value #CONNECTING_AT_ONCE} at a
     * time: one after the other, a thousand gateways took minutes on a busy machine.
     */
    public static Fleet connect(FleetArguments args, PrintStream out) throws MqttException {
        Fleet fleet = new Fleet(args, out);
        try {
            for (int from = 0; from < args.gateways(); from += CONNECTING_AT_ONCE) {
                fleet.connectGateways(from, Math.min(args.gateways(), from + CONNECTING_AT_ONCE));
            }
        } catch (MqttException e) {
            fleet.close();
            throw e;
        }
        out.printf(Locale.ROOT, "fleet: %d gateways x %d sensors connected to %s, target %s readings/s%n",
                args.gateways(), args.sensors(), args.broker(), Numbers.plain(args.rate()));
        out.flush();
        return fleet;
    }

    /** Gateways {@code from} to {@code to - 1}: all connections started, then all statuses. */
    private void connectGateways(int from, int to) throws MqttException {
        List<IMqttToken> connecting = new ArrayList<>();
        for (int g = from; g < to; g++) {
            Topics gatewayTopics = new Topics(args.prefix(), String.format(Locale.ROOT, "sim-fleet-%04d", g + 1));
            MqttAsyncClient client = new MqttAsyncClient(args.broker(), "envgate-" + gatewayTopics.gatewayId(),
                    new MemoryPersistence(), new ScheduledExecutorPingSender(pings), null);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setMaxInflight(MAX_IN_FLIGHT);
            options.setWill(gatewayTopics.status(), new GatewayStatus(GatewayStatus.OFFLINE, gatewayTopics.gatewayId(),
                    "sim", System.currentTimeMillis()).toJson(), 1, true);
            clients.add(client);
            topics.add(gatewayTopics);
            connecting.add(client.connect(options));
        }
        for (IMqttToken token : connecting) {
            token.waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        }
        List<IMqttToken> statuses = new ArrayList<>();
        for (int g = from; g < to; g++) {
            Topics gatewayTopics = topics.get(g);
            statuses.add(clients.get(g).publish(gatewayTopics.status(), new GatewayStatus(GatewayStatus.ONLINE,
                    gatewayTopics.gatewayId(), "sim", System.currentTimeMillis()).toJson(), 1, true));
        }
        for (IMqttToken token : statuses) {
            token.waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        }
    }

    /** Publishes until the duration is over (or {@link #stop()}); prints the rate as it goes and a summary. */
    public Summary run() throws InterruptedException {
        long start = System.nanoTime();
        long end = args.duration() == null ? Long.MAX_VALUE : start + args.duration().toNanos();
        long reportNanos = args.report().toNanos();
        long nextReport = start + reportNanos;
        long lastReportAcked = 0;
        long readingsSent = 0;
        int next = 0;
        long now = start;
        while (!stopped && now < end) {
            long due = (long) Math.floor(args.rate() * (now - start) / 1e9) + args.sensors();
            while (readingsSent + args.sensors() <= due) {
                if (!publish(next)) {
                    break;
                }
                readingsSent += args.sensors();
                next = (next + 1) % clients.size();
            }
            if (now >= nextReport) {
                long acked = acknowledged.get();
                out.printf(Locale.ROOT, "fleet: %.1f readings/s over the last %ds (target %s), %d readings so far, %d packs failed%n",
                        (acked - lastReportAcked) / (reportNanos / 1e9), args.report().toSeconds(), Numbers.plain(args.rate()),
                        acked, failed.get());
                out.flush();
                lastReportAcked = acked;
                nextReport += reportNanos;
            }
            Thread.sleep(TICK_MILLIS);
            now = System.nanoTime();
        }
        Summary summary = new Summary(acknowledged.get(), failed.get(), (Math.min(now, end) - start) / 1e9);
        out.printf(Locale.ROOT, "fleet: %d readings acknowledged in %.1fs: %.1f readings/s (target %s), %d packs failed%n",
                summary.readingsAcknowledged(), summary.seconds(), summary.rate(), Numbers.plain(args.rate()), summary.packsFailed());
        out.flush();
        return summary;
    }

    /** One pack from gateway {@code index}; false when its client cannot take another message yet. */
    private boolean publish(int index) {
        Topics gatewayTopics = topics.get(index);
        long now = System.currentTimeMillis();
        List<Reading> readings = new ArrayList<>(args.sensors());
        for (int s = 0; s < args.sensors(); s++) {
            Quantity quantity = QUANTITIES[s % QUANTITIES.length];
            readings.add(new Reading(String.format(Locale.ROOT, "s%03d", s + 1), quantity,
                    Math.round(100 * (20 + 5 * values.nextGaussian())) / 100.0, now));
        }
        MqttMessage message = new MqttMessage(SenmlCodec.encode(gatewayTopics.gatewayId(), readings));
        message.setQos(1);
        int count = readings.size();
        try {
            clients.get(index).publish(gatewayTopics.readings(), message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.addAndGet(count);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable problem) {
                    failed.incrementAndGet();
                }
            });
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            failed.incrementAndGet();
            return true;
        }
    }

    /** Ends {@link #run()} at its next tick. */
    public void stop() {
        stopped = true;
    }

    /** Marks every gateway offline (a clean stop) and disconnects. */
    @Override
    public void close() {
        for (int i = 0; i < clients.size(); i++) {
            MqttAsyncClient client = clients.get(i);
            try {
                if (client.isConnected() && i < topics.size()) {
                    Topics gatewayTopics = topics.get(i);
                    client.publish(gatewayTopics.status(), new GatewayStatus(GatewayStatus.OFFLINE,
                            gatewayTopics.gatewayId(), "sim", System.currentTimeMillis()).toJson(), 1, true)
                            .waitForCompletion(5_000);
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close();
            } catch (MqttException e) {
                out.println("fleet: " + (i < topics.size() ? topics.get(i).gatewayId() : "a gateway")
                        + " did not close cleanly: " + e.getMessage());
            }
        }
        pings.shutdownNow();
    }
}
