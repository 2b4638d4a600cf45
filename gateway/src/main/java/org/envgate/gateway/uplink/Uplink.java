package org.envgate.gateway.uplink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.mqtt.Backoff;
import org.envgate.common.mqtt.ConnectOptions;
import org.envgate.gateway.buffer.Batch;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.MqttConfig;
import org.envgate.gateway.watchdog.Heartbeat;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.Topics;
import org.tinylog.Logger;

/**
 * Forwards buffered readings to the broker: oldest first, one SenML pack per message, QoS 1.
 * A batch leaves the buffer only after the broker's PUBACK; if the connection fails first,
 * the same readings are sent again after reconnecting (at-least-once; the store deduplicates
 * by identity).
 *
 * <p>It reads from the buffer and nothing else: the sensor side never waits on it.
 */
public final class Uplink implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final long PUBLISH_TIMEOUT_MS = 30_000;

    private final MqttConfig config;
    private final String gatewayId;
    private final Topics topics;
    private final ReadingBuffer buffer;
    private final String version;
    private final Clock clock;
    private final Supplier<GatewayHealth> health;
    private final Backoff backoff;
    private long nextHealthNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private final Heartbeat heartbeat;
    private volatile boolean running = true;
    private volatile UplinkState state = UplinkState.CONNECTING;
    private volatile long lastDeliveryMillis;
    private boolean pending;
    private boolean connectedOnce;
    private MqttClient client;

    /**
     * @param health the report to publish on {@code P/G/health} every {@code mqtt.health-interval}
     */
    public Uplink(MqttConfig config, String gatewayId, ReadingBuffer buffer, String version, Clock clock,
                  Supplier<GatewayHealth> health) {
        this.config = config;
        this.health = health;
        this.gatewayId = gatewayId;
        this.topics = new Topics(config.topicPrefix(), gatewayId);
        this.buffer = buffer;
        this.version = version;
        this.clock = clock;
        this.backoff = new Backoff(FIRST_RETRY, config.reconnectMax(), ThreadLocalRandom.current());
        this.thread = new Thread(this::run, "uplink");
        // A turn waits at most one back-off, one connect and two publishes, each with its own timeout.
        this.heartbeat = new Heartbeat("uplink", config.reconnectMax().plus(Duration.ofMinutes(2)));
    }

    public void start() {
        thread.start();
    }

    /** Tells the uplink that new readings are in the buffer. */
    public void wake() {
        lock.lock();
        try {
            pending = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Beats once per turn of the uplink's loop. */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    public UplinkState state() {
        return state;
    }

    /** Readings the broker has acknowledged since start. */
    public long sent() {
        return sent.get();
    }

    /** When the broker last acknowledged a pack, epoch millis; 0 if never. */
    public long lastDeliveryMillis() {
        return lastDeliveryMillis;
    }

    private void run() {
        while (running) {
            heartbeat.beat();
            if (client == null || !client.isConnected()) {
                if (!connect()) {
                    pause(backoff.next());
                    continue;
                }
            }
            try {
                if (System.nanoTime() - nextHealthNanos >= 0) {
                    client.publish(topics.health(), health.get().toJson(), 1, true);
                    nextHealthNanos = System.nanoTime() + config.healthInterval().toNanos();
                }
                Batch batch = buffer.oldest(config.batchSize());
                if (batch.isEmpty()) {
                    awaitWork();
                    continue;
                }
                client.publish(topics.readings(), SenmlCodec.encode(gatewayId, batch.readings()), 1, false);
                buffer.remove(batch);
                sent.addAndGet(batch.size());
                lastDeliveryMillis = clock.millis();
            } catch (MqttException e) {
                if (running) {
                    Logger.warn("uplink to {} lost while sending: {}; the readings stay buffered", config.url(), reason(e));
                }
                state = UplinkState.OFFLINE;
                dropClient();
                pause(backoff.next());
            } catch (BufferException e) {
                Logger.error("uplink: {}", e.getMessage());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private boolean connect() {
        state = connectedOnce ? UplinkState.OFFLINE : UplinkState.CONNECTING;
        dropClient();
        try {
            MqttClient fresh = new MqttClient(config.url(), config.clientId(), new MemoryPersistence());
            fresh.setTimeToWait(PUBLISH_TIMEOUT_MS);
            fresh.connect(options());
            fresh.publish(topics.status(),
                    new GatewayStatus(GatewayStatus.ONLINE, gatewayId, version, clock.millis()).toJson(), 1, true);
            client = fresh;
            nextHealthNanos = System.nanoTime();
            state = UplinkState.ONLINE;
            connectedOnce = true;
            backoff.reset();
            Logger.info("uplink connected to {} as {}; {} readings buffered", config.url(), config.clientId(), buffer.count());
            return true;
        } catch (MqttException | IOException e) {
            Logger.warn("uplink cannot connect to {}: {}; {} readings buffered, retrying", config.url(), reason(e),
                    buffer.count());
            return false;
        }
    }

    private MqttConnectOptions options() throws IOException {
        MqttConnectOptions options = connectOptions(config);
        options.setWill(topics.status(),
                new GatewayStatus(GatewayStatus.OFFLINE, gatewayId, version, clock.millis()).toJson(), 1, true);
        return options;
    }

    /** Credentials and TLS as the config says; cleanSession because the buffer is the session. */
    private static MqttConnectOptions connectOptions(MqttConfig config) throws IOException {
        return ConnectOptions.of(true, config.keepAlive(), config.username(), config.passwordFile(), config.tls(),
                config.caFile(), config.certFile(), config.keyFile());
    }

    /**
     * Connects once and disconnects, under a client id of its own so that a gateway already
     * running with this config keeps its connection; for {@code envgate check}.
     *
     * @return the reason it failed, in the words the uplink logs; empty when the broker accepted
     */
    public static Optional<String> tryConnect(MqttConfig config) {
        try {
            MqttClient client = new MqttClient(config.url(), config.clientId() + "-check", new MemoryPersistence());
            try {
                client.connect(connectOptions(config));
                client.disconnect(2000);
            } finally {
                client.close(true);
            }
            return Optional.empty();
        } catch (MqttException | IOException e) {
            return Optional.of(reason(e));
        }
    }

    /** The exception and its causes in one line, with a hint where the cause is a known set-up mistake. */
    static String reason(Exception e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        if (text.indexOf("PKIX path") >= 0) {
            text.append(" (the broker's certificate is not signed by a CA in mqtt.ca-file)");
        } else if (text.indexOf("certificate_required") >= 0 || text.indexOf("bad_certificate") >= 0) {
            text.append(" (the broker wants a client certificate: set mqtt.cert-file and mqtt.key-file)");
        } else if (text.indexOf("Not authorized") >= 0 || text.indexOf("Bad user name or password") >= 0) {
            text.append(" (check mqtt.username and the password in mqtt.password-file)");
        }
        return text.toString();
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (!pending && running) {
                work.await(Math.max(1, Math.min(1000, (nextHealthNanos - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
            }
            pending = false;
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void pause(Duration wait) {
        lock.lock();
        try {
            long left = wait.toNanos();
            while (running && left > 0) {
                left = work.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void dropClient() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close(true);
        } catch (MqttException e) {
            Logger.debug("uplink: closing the old connection: {}", reason(e));
        }
        client = null;
    }

    /** Stops sending; announces {@code offline} if connected. Unsent readings stay buffered. */
    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(PUBLISH_TIMEOUT_MS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client != null && client.isConnected()) {
            try {
                client.publish(topics.status(),
                        new GatewayStatus(GatewayStatus.OFFLINE, gatewayId, version, clock.millis()).toJson(), 1, true);
                client.disconnect(2000);
            } catch (MqttException e) {
                Logger.debug("uplink: clean disconnect failed: {}", reason(e));
            }
        }
        dropClient();
        state = UplinkState.STOPPED;
    }
}
