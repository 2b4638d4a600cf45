package org.envgate.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.LogText;
import org.envgate.common.mqtt.ConnectOptions;
import org.envgate.ingest.config.ConfigWarnings;
import org.envgate.ingest.config.EmbeddedSettings;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.config.MqttSettings;
import org.envgate.ingest.mqtt.Subscriber;
import org.envgate.ingest.store.EmbeddedQuestDb;
import org.envgate.ingest.store.StoreProbe;

/**
 * {@code envgate-ingest check}: with a valid config, tries the broker (connection, every
 * subscription ingest makes, its persistent session) and the store (a probe point written and
 * read back), then prints one table with a hint for each problem.
 */
final class IngestCheck {

    private static final long TIMEOUT_MS = 10_000;

    enum State { OK, WARN, FAULT }

    /** One line of the table. */
    record Row(String check, String target, State state, String result) {
    }

    private IngestCheck() {
    }

    /** @return {@link Main#OK} when nothing is at fault (warnings allowed), else {@link Main#FAULT} */
    static int run(IngestConfig config, PrintStream out) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("config", config.file(), State.OK, "valid"));
        ConfigWarnings.of(config).forEach(warning -> rows.add(new Row("config", config.file(), State.WARN,
                warning.substring(config.file().length() + 2))));
        Optional<Row> broker = broker(config.mqtt());
        if (broker.isPresent()) {
            rows.add(broker.get());
        } else {
            rows.add(new Row("broker", config.mqtt().url(), State.OK, "connected; may subscribe to "
                    + String.join(", ", config.mqtt().subscriptions())));
            rows.add(session(config.mqtt()));
        }
        rows.add(store(config));
        print(rows, out);
        return rows.stream().anyMatch(row -> row.state() == State.FAULT) ? Main.FAULT : Main.OK;
    }

    /**
     * Connects as {@code <client-id>-check} with a clean session and subscribes to each filter
     * ingest subscribes to, without the share group so that no message meant for the group is
     * taken; empty when all went well.
     */
    private static Optional<Row> broker(MqttSettings settings) {
        MqttClient client = null;
        try {
            client = new MqttClient(settings.url(), settings.clientId() + "-check", new MemoryPersistence());
            client.setTimeToWait(TIMEOUT_MS);
            client.setCallback(IGNORE);
            client.connect(options(settings, true));
            for (String kind : MqttSettings.KINDS) {
                String filter = settings.topicPrefix() + "/+/" + kind;
                int granted = client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
                if (granted != 1) {
                    return Optional.of(new Row("broker", settings.url(), State.FAULT, "the broker refused the"
                            + " subscription to " + filter + (granted == 0x80 ? "" : " at QoS 1 (granted QoS " + granted + ")")
                            + ": its access rules must let " + settings.username().orElse("ingest")
                            + " subscribe there (docs/security.md)"));
                }
                client.unsubscribe(filter);
            }
            client.disconnect(TIMEOUT_MS);
            return Optional.empty();
        } catch (MqttException | IOException e) {
            return Optional.of(new Row("broker", settings.url(), State.FAULT, "cannot connect: " + reason(e)
                    + brokerHint(e)));
        } finally {
            Subscriber.drop(client);
        }
    }

    /**
     * Whether the broker holds ingest's persistent session, read from the session-present flag
     * of a connection under ingest's own client id. Acknowledging nothing, it leaves every waiting
     * message in the session; a running ingest is disconnected for a moment and reconnects. When
     * there was no session, the empty one this made is removed again.
     */
    private static Row session(MqttSettings settings) {
        MqttClient client = null;
        try {
            client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
            client.setTimeToWait(TIMEOUT_MS);
            client.setManualAcks(true);
            client.setCallback(IGNORE);
            boolean present = client.connectWithResult(options(settings, false)).getSessionPresent();
            client.disconnect(TIMEOUT_MS);
            if (present) {
                return new Row("session", settings.clientId(), State.OK, "the broker holds ingest's session");
            }
            client.connect(options(settings, true));
            client.disconnect(TIMEOUT_MS);
            return new Row("session", settings.clientId(), State.WARN, "the broker holds no session for "
                    + settings.clientId() + ": until ingest has run once, the broker keeps nothing for it and messages "
                    + "gateways publish are lost to it; start ingest before the gateways (docs/ingest.md)");
        } catch (MqttException | IOException e) {
            return new Row("session", settings.clientId(), State.FAULT, "cannot connect as " + settings.clientId() + ": "
                    + reason(e));
        } finally {
            Subscriber.drop(client);
        }
    }

    private static Row store(IngestConfig config) throws InterruptedException {
        if (config.influx().isPresent()) {
            return probe(new StoreProbe(config.influx().get()), config.mqtt().clientId(), config.influx().get().url());
        }
        EmbeddedSettings embedded = config.embedded();
        String target = "embedded QuestDB in " + embedded.path();
        if (answers(embedded)) {
            // ingest runs and holds the store: probe it through its HTTP address
            return probe(new StoreProbe(EmbeddedQuestDb.writeSettings("http://" + embedded.host() + ":" + embedded.port())),
                    config.mqtt().clientId(), target + " (running, " + embedded.host() + ":" + embedded.port() + ")");
        }
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(embedded)) {
            return probe(new StoreProbe(db.writeSettings()), config.mqtt().clientId(), target);
        } catch (IOException e) {
            return new Row("store", target, State.FAULT, "cannot start: " + e.getMessage()
                    + " (embedded.path must be a folder this user may write, embedded.listen a free port)");
        }
    }

    private static Row probe(StoreProbe probe, String instance, String target) throws InterruptedException {
        Optional<String> problem = probe.check(instance);
        return problem.map(text -> new Row("store", target, State.FAULT, text))
                .orElseGet(() -> new Row("store", target, State.OK, "wrote a probe point to " + StoreProbe.MEASUREMENT
                        + " and read it back"));
    }

    private static boolean answers(EmbeddedSettings embedded) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(embedded.host(), embedded.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static MqttConnectOptions options(MqttSettings settings, boolean cleanSession) throws IOException {
        return ConnectOptions.of(cleanSession, settings.keepAlive(), settings.username(), settings.passwordFile(),
                settings.tls(), settings.caFile(), settings.certFile(), settings.keyFile());
    }

    private static String reason(Exception e) {
        return LogText.untrusted(e instanceof MqttException m ? Subscriber.reason(m) : String.valueOf(e.getMessage()),
                200);
    }

    private static String brokerHint(Exception e) {
        if (e instanceof MqttException m) {
            switch (m.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED -> {
                    return " (the broker refused the user name or password: check mqtt.username and mqtt.password-file)";
                }
                case MqttException.REASON_CODE_SERVER_CONNECT_ERROR, MqttException.REASON_CODE_CLIENT_TIMEOUT -> {
                    if (hasCause(e, SSLException.class)) {
                        return " (TLS failed: check mqtt.ca-file, and mqtt.cert-file and key-file if the broker wants a"
                                + " client certificate)";
                    }
                    return " (is the broker running and reachable at this address? e.g. systemctl status mosquitto)";
                }
                default -> {
                    return "";
                }
            }
        }
        return "";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Messages that arrive during a check are not ingest's to handle: not acknowledged when manual, dropped. */
    private static final MqttCallback IGNORE = new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
            // the check reports what failed
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // the retained status and live copies; nothing to do
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publishes nothing
        }
    };

    private static void print(List<Row> rows, PrintStream out) {
        int check = width(rows, Row::check, "check");
        int target = width(rows, Row::target, "target");
        String format = "%-" + check + "s  %-" + target + "s  %-5s  %s%n";
        out.printf(format, "check", "target", "state", "result or hint");
        for (Row row : rows) {
            out.printf(format, row.check(), row.target(), row.state(), row.result());
        }
    }

    private static int width(List<Row> rows, Function<Row, String> column, String header) {
        return Math.max(header.length(), rows.stream().mapToInt(r -> column.apply(r).length()).max().orElse(0));
    }
}
