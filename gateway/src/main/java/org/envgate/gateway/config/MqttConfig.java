package org.envgate.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The uplink to the agency's broker.
 *
 * @param url            {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param topicPrefix    the {@code P} of {@code P/G/readings}
 * @param clientId       MQTT client id; {@code envgate-<gateway id>} unless set
 * @param username       optional user name
 * @param passwordFile   file holding the password (first line), so it stays out of the config
 * @param caFile         PEM file of the CA(s) to trust for {@code ssl://}; the system's CAs if absent
 * @param certFile       optional PEM client certificate (chain) for mutual TLS
 * @param keyFile        its PKCS#8 PEM private key
 * @param batchSize      most readings in one message
 * @param maxInFlight    most messages awaiting the broker's acknowledgement at once
 * @param keepAlive      MQTT keep-alive
 * @param reconnectMax   longest wait between reconnect attempts
 * @param healthInterval how often the health report is published
 */
public record MqttConfig(
        String url,
        String topicPrefix,
        String clientId,
        Optional<String> username,
        Optional<Path> passwordFile,
        Optional<Path> caFile,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        int batchSize,
        int maxInFlight,
        Duration keepAlive,
        Duration reconnectMax,
        Duration healthInterval) {

    public boolean tls() {
        return url.startsWith("ssl://");
    }
}
