package org.envgate.gateway.uplink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.Fatal;
import org.envgate.common.mqtt.Backoff;
import org.envgate.common.mqtt.ConnectOptions;
import org.envgate.gateway.buffer.Outgoing;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.Pack;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.MqttConfig;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.StationDescription;
import org.envgate.wire.Topics;
import org.tinylog.Logger;

/**
 * Forwards buffered readings to the broker, one SenML pack per message, QoS 1, with up to
 * {@code mqtt.max-in-flight} packs awaiting their PUBACK at once so that a backlog of days
 * drains at the speed of the link rather than one round trip per pack.
 *
 * <p>A pack leaves the buffer only after the broker's PUBACK; if the connection fails first,
 * the same readings are sent again after reconnecting (at-least-once; the store deduplicates
 * by identity). Packs are contiguous runs of the buffer, so acknowledged ones are removed by
 * their sequence range.
 *
 * <p>After a reconnect the buffer is split in two at its newest reading: the backlog, sent
 * oldest first, and the live readings taken since, which go out ahead of the backlog so the
 * agency sees the station's present within seconds while the past catches up. Within each,
 * every sensor's readings arrive in time order.
 *
 * <p>It reads from the buffer and nothing else: the sensor side never waits on it.
 */
public final class Uplink implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final long CONNECT_TIMEOUT_MS = 30_000;
    /** A pack unacknowledged this long means the connection is dead even if TCP has not noticed. */
    private static final long ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * Acknowledged packs are removed in groups, at most this long after their PUBACK: a
     * removal is a write to the card, and one a second costs little while a backlog drains.
     */
    private static final long REMOVE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** ... or sooner once this many readings wait, so one removal stays a small transaction. */
    private static final int REMOVE_AT_MOST = 20_000;
    /**
     * ... or at once when nothing is in flight and at least this many wait: a backlog has just
     * been sent, and its end should not wait for the next second. A station's live packs stay
     * below it, so their removals stay grouped.
     */
    private static final int REMOVE_WHEN_IDLE_FROM = 5_000;
    /** Backlog packs read ahead while the window is full hold at most this many bytes. */
    private static final int READ_AHEAD_MAX_BYTES = 1 << 20;
    /** Packs acknowledged at a reduced size before trying the next larger size. */
    private static final int ACKS_BEFORE_GROWING = 1_000;

    /**
     * Paho's threads for every connection, where an Error ends the process instead of one thread.
     * Paho 1.2.5 runs a connection's receiver, sender and callback as tasks that last as long as
     * the connection, and its connect task waits for all three to be running before it sends the
     * CONNECT: four at once. Once connected, the connect task's thread runs the keep-alive pings,
     * as a disconnect task's runs beside the three when the gateway stops. A dropped connection's
     * tasks end as its socket closes, so the next connection's wait for a thread, if any, is short.
     * Fewer than four and a connect never completes; more are resident memory for nothing, as the
     * pool starts a core thread for each task scheduled (every ping) until it holds them all, and
     * each keeps its stack and malloc cache.
     */
    private final ScheduledExecutorService pahoThreads = Fatal.threads(4, "uplink-paho");
    private final MqttConfig config;
    private final String gatewayId;
    private final Topics topics;
    private final ReadingBuffer buffer;
    private final String version;
    private final StationDescription station;
    private final Clock clock;
    private final Supplier<GatewayHealth> health;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final Thread thread;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    /** Backlog packs made while the window was full, published next; never sent yet. */
    private final Deque<Pack> readAhead = new ArrayDeque<>();
    private int readAheadBytes;
    private final Queue<InFlight> acknowledged = new ConcurrentLinkedQueue<>();
    private final List<Pack> toRemove = new ArrayList<>();
    private final Heartbeat heartbeat;
    private volatile boolean running = true;
    private volatile boolean connectionLost;
    private volatile String lostReason = "";
    private volatile UplinkState state = UplinkState.CONNECTING;
    private volatile long lastDeliveryMillis;
    private boolean pending;
    private boolean connectedOnce;
    private MqttAsyncClient client;
    private long nextHealthNanos;
    private long lastRemoveNanos;
    private long publishedUpTo;
    /** Readings per pack now: the configured batch size, or less after a broker refused large packs. */
    private int packSize;
    private int acksAtPackSize;
    private int lossesWithoutAck;
    private boolean ackedOnThisConnection;
    /** The buffer is split at this sequence number on each connect: at or below it is backlog. */
    private long backlogEnd;
    private long backlogCursor;
    private long liveCursor;

    /** A pack published and not yet acknowledged. */
    private record InFlight(Pack pack, long publishedNanos) {
    }

    /** A message of the outbox published and awaiting its PUBACK; one at a time keeps them in order. */
    private record OutgoingInFlight(Outgoing message, long publishedNanos) {
    }

    private final Queue<OutgoingInFlight> outgoingAcknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong outgoingSent = new AtomicLong();
    private OutgoingInFlight outgoingInFlight;

    /**
     * An uplink whose status messages describe no station.
     *
     * @param health the report to publish on {@code P/G/health} every {@code mqtt.health-interval}
     */
    public Uplink(MqttConfig config, String gatewayId, ReadingBuffer buffer, String version, Clock clock,
                  Supplier<GatewayHealth> health) {
        this(config, gatewayId, buffer, version, clock, health, StationDescription.NONE);
    }

    /**
     * @param health  the report to publish on {@code P/G/health} every {@code mqtt.health-interval}
     * @param station what the status messages, online and the Last Will alike, say about the station
     */
    public Uplink(MqttConfig config, String gatewayId, ReadingBuffer buffer, String version, Clock clock,
                  Supplier<GatewayHealth> health, StationDescription station) {
        this.config = config;
        this.station = station;
        this.health = health;
        this.gatewayId = gatewayId;
        this.topics = new Topics(config.topicPrefix(), gatewayId);
        this.buffer = buffer;
        this.version = version;
        this.clock = clock;
        this.packSize = config.batchSize();
        this.backoff = new Backoff(FIRST_RETRY, config.reconnectMax(), ThreadLocalRandom.current());
        this.resent.set(buffer.unacknowledgedAtStart());
        this.thread = new Thread(this::run, "uplink");
        // A turn waits at most one back-off, one connect and two publishes, each with its own timeout.
        this.heartbeat = new Heartbeat("uplink", config.reconnectMax().plus(Duration.ofMinutes(2)));
    }

    public void start() {
        thread.start();
    }

    /** Tells the uplink that new readings are in the buffer. */
    public void wake() {
        signal();
    }

    /** Beats once per turn of the uplink's loop. */
    public Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Why the uplink is not online, in the words it logs; empty when it never lost a connection. */
    public String lastProblem() {
        return lostReason;
    }

    public UplinkState state() {
        return state;
    }

    /** Readings the broker has acknowledged since start. */
    public long sent() {
        return sent.get();
    }

    /**
     * Readings published again because the connection failed before their PUBACK, since start,
     * including those the previous run had published without an acknowledgement.
     */
    public long resent() {
        return resent.get();
    }

    /** When the broker last acknowledged a pack, epoch millis; 0 if never. */
    public long lastDeliveryMillis() {
        return lastDeliveryMillis;
    }

    private void run() {
        while (running) {
            heartbeat.beat();
            if (client == null) {
                if (!connect()) {
                    pause(backoff.next());
                    continue;
                }
            }
            try {
                collectAcknowledged();
                if (connectionLost || oldestUnacknowledgedTooOld()) {
                    onConnectionLost();
                    continue;
                }
                if (System.nanoTime() - nextHealthNanos >= 0) {
                    client.publish(topics.health(), health.get().toJson(), 1, true);
                    nextHealthNanos = System.nanoTime() + config.healthInterval().toNanos();
                }
                // The window is filled first, so the broker has work while a removal is written.
                fillWindow();
                sendOutgoing();
                removeAcknowledged(false);
                readAhead();
                awaitWork();
            } catch (MqttException e) {
                lostReason = reason(e);
                onConnectionLost();
            } catch (BufferException e) {
                Logger.error("uplink: {}", e.getMessage());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** Publishes packs until {@code mqtt.max-in-flight} await their PUBACK: a live pack first, then backlog. */
    private void fillWindow() throws BufferException, MqttException {
        boolean liveTried = false;
        while (inFlight.size() < config.maxInFlight()) {
            Pack next = Pack.EMPTY;
            if (!liveTried) {
                liveTried = true;
                next = buffer.pack(gatewayId, liveCursor, Long.MAX_VALUE, packSize);
                if (!next.isEmpty()) {
                    liveCursor = next.lastSeq();
                }
            }
            if (next.isEmpty() && !readAhead.isEmpty()) {
                next = readAhead.pollFirst();
                readAheadBytes -= next.payload().length;
            }
            if (next.isEmpty() && backlogCursor < backlogEnd) {
                next = nextBacklogPack();
            }
            if (next.isEmpty()) {
                return;
            }
            publish(next);
        }
    }

    private Pack nextBacklogPack() throws BufferException {
        Pack next = buffer.pack(gatewayId, backlogCursor, backlogEnd, packSize);
        backlogCursor = next.isEmpty() ? backlogEnd : next.lastSeq();
        return next;
    }

    /**
     * While the window is full and no acknowledgement waits, makes the next backlog packs, so
     * that the time the broker takes to acknowledge is spent reading and encoding rather than
     * waiting: a draining backlog then goes out as fast as the broker takes it.
     */
    private void readAhead() throws BufferException {
        while (inFlight.size() >= config.maxInFlight() && acknowledged.isEmpty() && !connectionLost
                && readAhead.size() < config.maxInFlight() && readAheadBytes < READ_AHEAD_MAX_BYTES
                && backlogCursor < backlogEnd) {
            Pack next = nextBacklogPack();
            if (!next.isEmpty()) {
                readAhead.addLast(next);
                readAheadBytes += next.payload().length;
            }
        }
    }

    /**
     * Publishes the oldest message of the outbox (averages, the index) once the one before it was
     * acknowledged and removed, so they reach the broker in the order they were made.
     */
    private void sendOutgoing() throws BufferException, MqttException {
        for (OutgoingInFlight done; (done = outgoingAcknowledged.poll()) != null; ) {
            if (done == outgoingInFlight) {
                buffer.removeOutgoing(done.message().seq());
                outgoingSent.incrementAndGet();
                lastDeliveryMillis = clock.millis();
                outgoingInFlight = null;
            }
        }
        if (outgoingInFlight != null) {
            return;
        }
        Optional<Outgoing> next = buffer.nextOutgoing(0);
        if (next.isEmpty()) {
            return;
        }
        OutgoingInFlight message = new OutgoingInFlight(next.get(), System.nanoTime());
        outgoingInFlight = message;
        client.publish(topics.prefix() + "/" + gatewayId + "/" + next.get().topic(), next.get().payload(), 1,
                next.get().retain(), null, onPuback(() -> outgoingAcknowledged.add(message)));
    }

    /** Messages of the outbox (averages, the index) the broker has acknowledged since start. */
    public long outgoingSent() {
        return outgoingSent.get();
    }

    private void publish(Pack pack) throws MqttException {
        InFlight published = new InFlight(pack, System.nanoTime());
        inFlight.addLast(published);
        publishedUpTo = Math.max(publishedUpTo, pack.lastSeq());
        client.publish(topics.readings(), pack.payload(), 1, false, null, onPuback(() -> acknowledged.add(published)));
    }

    /** Runs {@code acknowledged} on the PUBACK and wakes the loop; a failed publish means the connection is lost. */
    private IMqttActionListener onPuback(Runnable acknowledged) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acknowledged.run();
                signal();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                lostReason = cause instanceof MqttException e ? reason(e) : String.valueOf(cause);
                connectionLost = true;
                signal();
            }
        };
    }

    private void collectAcknowledged() {
        for (InFlight done; (done = acknowledged.poll()) != null; ) {
            inFlight.remove(done);
            toRemove.add(done.pack());
            sent.addAndGet(done.pack().size());
            lastDeliveryMillis = clock.millis();
            ackedOnThisConnection = true;
            lossesWithoutAck = 0;
            if (packSize < config.batchSize() && ++acksAtPackSize >= ACKS_BEFORE_GROWING) {
                packSize = Math.min(config.batchSize(), packSize * 2);
                acksAtPackSize = 0;
            }
        }
    }

    /**
     * Removes acknowledged packs from the buffer, in one transaction per group so that a fast
     * drain does not sync the disk once per pack; {@code now} removes them whatever the time.
     */
    private void removeAcknowledged(boolean now) throws BufferException {
        int waiting = toRemove.stream().mapToInt(Pack::size).sum();
        boolean backlogSent = inFlight.isEmpty() && waiting >= REMOVE_WHEN_IDLE_FROM;
        if (toRemove.isEmpty() || (!now && !backlogSent && System.nanoTime() - lastRemoveNanos < REMOVE_EVERY_NANOS
                && waiting < REMOVE_AT_MOST)) {
            return;
        }
        buffer.removeAll(toRemove, publishedUpTo);
        toRemove.clear();
        lastRemoveNanos = System.nanoTime();
    }

    private boolean oldestUnacknowledgedTooOld() {
        InFlight oldest = inFlight.peekFirst();
        OutgoingInFlight message = outgoingInFlight;
        if (oldest != null && System.nanoTime() - oldest.publishedNanos() > ACK_TIMEOUT_NANOS
                || message != null && System.nanoTime() - message.publishedNanos() > ACK_TIMEOUT_NANOS) {
            lostReason = "no acknowledgement for " + TimeUnit.NANOSECONDS.toSeconds(ACK_TIMEOUT_NANOS) + " s";
            return true;
        }
        return false;
    }

    /**
     * Keeps what was acknowledged, counts what was not as to be resent, and drops the client
     * so the loop reconnects after a backoff. Two losses in a row before any acknowledgement
     * while packs were in flight suggest the broker refuses packs this large (a message size
     * limit closes the connection): the pack size is halved, and grows back after a while.
     */
    private void onConnectionLost() {
        collectAcknowledged();
        try {
            removeAcknowledged(true);
        } catch (BufferException e) {
            Logger.error("uplink: {}", e.getMessage());
        }
        long unacknowledged = inFlight.stream().mapToLong(p -> p.pack().size()).sum();
        int largest = inFlight.stream().mapToInt(p -> p.pack().payload().length).max().orElse(0);
        if (running) {
            Logger.warn("uplink to {} lost: {}; {} readings in flight will be sent again, {} buffered",
                    config.url(), lostReason, unacknowledged, buffer.count());
        }
        resent.addAndGet(unacknowledged);
        if (!inFlight.isEmpty() && !ackedOnThisConnection && ++lossesWithoutAck >= 2 && packSize > 1) {
            packSize = Math.max(1, packSize / 2);
            acksAtPackSize = 0;
            lossesWithoutAck = 0;
            Logger.warn("uplink to {}: the broker closed the connection twice before acknowledging anything, "
                    + "with packs of up to {} bytes in flight; it may refuse messages that large (its message size "
                    + "limit); sending packs of {} readings (mqtt.batch-size is {})", config.url(), largest, packSize,
                    config.batchSize());
        }
        inFlight.clear();
        acknowledged.clear();
        readAhead.clear();
        readAheadBytes = 0;
        outgoingInFlight = null;
        outgoingAcknowledged.clear();
        connectionLost = false;
        state = UplinkState.OFFLINE;
        dropClient();
        pause(backoff.next());
    }

    private boolean connect() {
        state = connectedOnce ? UplinkState.OFFLINE : UplinkState.CONNECTING;
        try {
            MqttAsyncClient fresh = new MqttAsyncClient(config.url(), config.clientId(), new MemoryPersistence(),
                    new ScheduledExecutorPingSender(pahoThreads), pahoThreads);
            fresh.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lostReason = cause instanceof MqttException e ? reason(e) : String.valueOf(cause);
                    connectionLost = true;
                    signal();
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            try {
                fresh.connect(options()).waitForCompletion(CONNECT_TIMEOUT_MS);
                fresh.publish(topics.status(),
                        status(GatewayStatus.ONLINE), 1, true)
                        .waitForCompletion(CONNECT_TIMEOUT_MS);
            } catch (MqttException e) {
                fresh.close(true);
                throw e;
            }
            client = fresh;
            connectionLost = false;
            ackedOnThisConnection = false;
            backlogEnd = buffer.lastSeq();
            backlogCursor = 0;
            liveCursor = backlogEnd;
            readAhead.clear();
            readAheadBytes = 0;
            nextHealthNanos = System.nanoTime();
            state = UplinkState.ONLINE;
            connectedOnce = true;
            backoff.reset();
            Logger.info("uplink connected to {} as {}; {} readings buffered", config.url(), config.clientId(), buffer.count());
            return true;
        } catch (MqttException | IOException | BufferException e) {
            lostReason = "cannot connect: " + (e instanceof MqttException m ? reason(m) : e.getMessage());
            Logger.warn("uplink cannot connect to {}: {}; {} readings buffered, retrying", config.url(),
                    e instanceof MqttException m ? reason(m) : e.getMessage(), buffer.count());
            return false;
        }
    }

    private byte[] status(String state) {
        return new GatewayStatus(state, gatewayId, version, clock.millis(), station).toJson();
    }

    private MqttConnectOptions options() throws IOException {
        MqttConnectOptions options = connectOptions(config);
        options.setMaxInflight(config.maxInFlight() + 2);
        options.setWill(topics.status(),
                status(GatewayStatus.OFFLINE), 1, true);
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

    private void signal() {
        lock.lock();
        try {
            pending = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for new readings, an acknowledgement, a lost connection or the next health report. */
    private void awaitWork() {
        lock.lock();
        try {
            if (!pending && running) {
                long untilHealth = (nextHealthNanos - System.nanoTime()) / 1_000_000;
                work.await(Math.max(1, Math.min(1000, untilHealth)), TimeUnit.MILLISECONDS);
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

    /**
     * Stops sending: waits briefly for packs in flight, removes what was acknowledged, and
     * announces {@code offline} if connected. Unsent readings stay buffered.
     */
    @Override
    public void close() {
        running = false;
        signal();
        try {
            thread.join(CONNECT_TIMEOUT_MS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client != null && client.isConnected()) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!inFlight.isEmpty() && acknowledged.size() < inFlight.size() && System.nanoTime() < until) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            collectAcknowledged();
            try {
                removeAcknowledged(true);
                client.publish(topics.status(),
                        status(GatewayStatus.OFFLINE), 1, true)
                        .waitForCompletion(2000);
                client.disconnect().waitForCompletion(2000);
            } catch (MqttException | BufferException e) {
                Logger.debug("uplink: clean disconnect failed: {}", e.getMessage());
            }
        }
        dropClient();
        pahoThreads.shutdownNow();
        state = UplinkState.STOPPED;
    }
}
