package org.envgate.ingest.mqtt;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.Fatal;
import org.envgate.common.LogText;
import org.envgate.common.mqtt.Backoff;
import org.envgate.common.mqtt.ConnectOptions;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.ingest.config.MqttSettings;
import org.tinylog.Logger;

/**
 * Ingest's connection to the broker: a persistent session under a stable client id, so the
 * broker keeps every unacknowledged message, and everything published while ingest is away,
 * until ingest is back. Acknowledgements are manual: a message is acknowledged when the
 * pipeline says its points are stored, never on arrival.
 *
 * <p>Each connection is its own Paho client. A message is acknowledged on the client it came
 * on; once that connection is gone the acknowledgement is not sent, and the broker delivers
 * the message again on the next connection.
 */
public final class Subscriber implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final long OPERATION_TIMEOUT_MS = 30_000;
    /**
     * Paho's window for publishes under way: twice what the dead-letter thread keeps to, as Paho
     * frees a slot a little after it completes the publish's token.
     */
    private static final int PAHO_MAX_IN_FLIGHT = 128;

    private final MqttSettings settings;
    private final long maxPayloadBytes;
    private final Consumer<Delivery> sink;
    private final Clock clock;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition lost = lock.newCondition();
    private final Thread thread;
    /** Beats each turn of the connecting thread; a connect attempt takes at most two operation timeouts. */
    private final Heartbeat heartbeat;
    /** Paho's threads for every connection, where an Error ends the process instead of one thread. */
    private final ScheduledExecutorService pahoThreads = Fatal.threads(10, "paho");
    private volatile boolean running = true;
    private volatile MqttClient client;

    /**
     * @param maxPayloadBytes a larger payload is thrown away as it comes off the socket, and its
     *                        message arrives with only its size ({@link Delivery#oversize()})
     * @param sink            takes each message in arrival order; it may block, which holds
     *                        further messages back at the broker
     */
    public Subscriber(MqttSettings settings, long maxPayloadBytes, Consumer<Delivery> sink, Clock clock) {
        this.settings = settings;
        this.maxPayloadBytes = maxPayloadBytes;
        this.sink = sink;
        this.clock = clock;
        this.backoff = new Backoff(FIRST_RETRY, settings.reconnectMax(), ThreadLocalRandom.current());
        this.thread = new Thread(this::run, "mqtt-connect");
        this.heartbeat = new Heartbeat("broker connection", settings.reconnectMax().plus(Duration.ofMinutes(2)));
    }

    /** The connecting thread's sign of life, for the systemd watchdog. */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    public void start() {
        thread.start();
    }

    public boolean connected() {
        MqttClient current = client;
        return current != null && current.isConnected();
    }

    /**
     * Starts a QoS 1 publish and returns once it is written to the connection, without waiting
     * for the broker's acknowledgement.
     */
    public Publication publish(String topic, byte[] payload) {
        MqttClient current = client;
        if (current == null || !current.isConnected()) {
            return Publication.NOT_STARTED;
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        try {
            IMqttDeliveryToken token = current.getTopic(topic).publish(message);
            return new Publication() {
                @Override
                public boolean done() {
                    return token.isComplete();
                }

                @Override
                public boolean delivered() {
                    return token.isComplete() && token.getException() == null;
                }
            };
        } catch (MqttException e) {
            return Publication.NOT_STARTED;
        }
    }

    private void run() {
        while (running) {
            heartbeat.beat();
            if (!connected() && !connect()) {
                pause(backoff.next());
                continue;
            }
            awaitLoss();
        }
    }

    private boolean connect() {
        drop(client);
        client = null;
        MqttClient fresh = null;
        try {
            fresh = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence(), pahoThreads);
            fresh.setTimeToWait(OPERATION_TIMEOUT_MS);
            fresh.setManualAcks(true);
            PayloadGuard guard = new PayloadGuard(maxPayloadBytes);
            fresh.setCallback(new Callback(fresh, guard));
            MqttConnectOptions options = options();
            options.setSocketFactory(guard.wrap(options.getSocketFactory()));
            fresh.connect(options);
            List<String> filters = settings.subscriptions();
            int[] qos = new int[filters.size()];
            Arrays.fill(qos, 1);
            int[] granted = fresh.subscribeWithResponse(filters.toArray(String[]::new), qos).getGrantedQos();
            for (int i = 0; i < granted.length; i++) {
                if (granted[i] != 1) {
                    throw new SubscribeRefused(filters.get(i), granted[i]);
                }
            }
            client = fresh;
            backoff.reset();
            Logger.info("subscribed at {} as {} to {}", settings.url(), settings.clientId(), String.join(", ", filters));
            return true;
        } catch (MqttException | IOException | SubscribeRefused e) {
            Logger.warn("cannot subscribe at {} as {}: {}; retrying", settings.url(), settings.clientId(),
                    LogText.untrusted(e instanceof MqttException m ? reason(m) : e.getMessage(), 200));
            drop(fresh);
            return false;
        }
    }

    /** The broker answered a subscription with a failure or with QoS 0, which could lose messages. */
    private static final class SubscribeRefused extends Exception {
        SubscribeRefused(String filter, int granted) {
            super("the broker granted " + (granted == 0x80 ? "no subscription (not authorised?)" : "QoS " + granted)
                    + " for " + filter + "; ingest needs QoS 1");
        }
    }

    private MqttConnectOptions options() throws IOException {
        // cleanSession false: the broker holds what arrives while ingest is away, and redelivers
        // what it never acknowledged.
        MqttConnectOptions options = ConnectOptions.of(false, settings.keepAlive(), settings.username(),
                settings.passwordFile(), settings.tls(), settings.caFile(), settings.certFile(), settings.keyFile());
        options.setMaxInflight(PAHO_MAX_IN_FLIGHT);
        return options;
    }

    private final class Callback implements MqttCallback {

        private final MqttClient origin;
        private final PayloadGuard guard;

        Callback(MqttClient origin, PayloadGuard guard) {
            this.origin = origin;
            this.guard = guard;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int id = message.getId();
            int qos = message.getQos();
            PayloadGuard.Taken taken = guard.claim(message.getPayload());
            try {
                sink.accept(new Delivery(topic, taken.payload(), message.isDuplicate(), clock.millis(), taken.oversize(),
                        () -> acknowledge(origin, id, qos)));
            } catch (Error e) {
                // Paho would catch it and only drop the connection, again and again.
                Fatal.halt(Thread.currentThread(), e);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (running) {
                Logger.warn("connection to {} lost: {}; unacknowledged messages stay with the broker", settings.url(),
                        cause == null ? "closed"
                                : LogText.untrusted(cause instanceof MqttException m ? reason(m) : cause.getMessage(), 200));
            }
            lock.lock();
            try {
                lost.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the dead-letter thread looks in on each publish's token
        }
    }

    private static boolean acknowledge(MqttClient origin, int id, int qos) {
        if (!origin.isConnected()) {
            return false;
        }
        try {
            origin.messageArrivedComplete(id, qos);
            return true;
        } catch (MqttException e) {
            return false;
        }
    }

    private void awaitLoss() {
        lock.lock();
        try {
            while (running && connected()) {
                heartbeat.beat();
                lost.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void pause(Duration wait) {
        lock.lock();
        try {
            if (running) {
                lost.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** The exception's message with its causes' messages, each once. */
    public static String reason(MqttException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /** Disconnects at once, if connected, and closes; a client already gone is no error. */
    public static void drop(MqttClient old) {
        if (old == null) {
            return;
        }
        try {
            if (old.isConnected()) {
                old.disconnectForcibly(0, 1000);
            }
        } catch (MqttException ignored) {
            // already gone
        }
        try {
            old.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }

    /**
     * Disconnects without acknowledging anything further: messages not yet acknowledged are
     * delivered again when ingest reconnects under the same client id.
     */
    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            lost.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drop(client);
        client = null;
        pahoThreads.shutdownNow();
    }
}
