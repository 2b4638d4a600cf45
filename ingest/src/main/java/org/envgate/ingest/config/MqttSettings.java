package org.envgate.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The agency's broker, as ingest subscribes to it.
 *
 * @param url           {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param topicPrefix   the {@code P} of {@code P/G/readings}
 * @param clientId      stable MQTT client id: the broker keeps the persistent session under it
 * @param shareGroup    when set, subscribe through {@code $share/<group>/...} so instances split the load
 * @param username      optional user name
 * @param passwordFile  file holding the password (first line)
 * @param caFile        PEM CA(s) to trust for {@code ssl://}; the system's CAs if absent
 * @param certFile      optional PEM client certificate (chain) for mutual TLS
 * @param keyFile       its PKCS#8 PEM private key
 * @param keepAlive     MQTT keep-alive
 * @param reconnectMax  longest wait between reconnect attempts
 */
public record MqttSettings(
        String url,
        String topicPrefix,
        String clientId,
        Optional<String> shareGroup,
        Optional<String> username,
        Optional<Path> passwordFile,
        Optional<Path> caFile,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        Duration keepAlive,
        Duration reconnectMax) {

    private static final String STATUS = "status";
    public static final List<String> KINDS = List.of("readings", "aggregates", STATUS, "health", "alerts/+");

    public boolean tls() {
        return url.startsWith("ssl://");
    }

    /**
     * The subscriptions: {@code P/+/readings}, {@code P/+/aggregates}, {@code P/+/status},
     * {@code P/+/health}, {@code P/+/alerts/+}, shared if configured; {@code P/+/status} never is,
     * because a broker does not deliver retained messages to a shared subscription, and every
     * instance needs each gateway's retained status to tag its points.
     */
    public List<String> subscriptions() {
        String share = shareGroup.map(group -> "$share/" + group + "/").orElse("");
        return KINDS.stream().map(kind -> (kind.equals(STATUS) ? "" : share) + topicPrefix + "/+/" + kind).toList();
    }

    /** {@code P/+/status}: every gateway's status, retained. */
    public String statusFilter() {
        return topicPrefix + "/+/" + STATUS;
    }

    /** Where a rejected pack from gateway {@code gateway} is published: {@code P/_rejected/G}. */
    public String deadLetterTopic(String gateway) {
        return topicPrefix + "/" + DEAD_LETTER_LEVEL + "/" + gateway;
    }

    /** The topic level of the dead-letter topics; never a gateway id, which has no underscore. */
    public static final String DEAD_LETTER_LEVEL = "_rejected";
}
