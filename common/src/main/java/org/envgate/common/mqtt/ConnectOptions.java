package org.envgate.common.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.envgate.common.config.ConfigFiles;

/** Paho connect options as the gateway and ingest both set them up: MQTT 3.1.1, credentials, TLS. */
public final class ConnectOptions {

    private ConnectOptions() {
    }

    /**
     * @param cleanSession  false where the broker must hold messages while the client is away
     * @param passwordFile  a file whose first line is the password, so it stays out of the config
     * @param tls           for {@code ssl://} URLs: the CA file (the system's CAs if empty) and an
     *                      optional client certificate and its PKCS#8 key
     */
    public static MqttConnectOptions of(boolean cleanSession, Duration keepAlive, Optional<String> username,
                                        Optional<Path> passwordFile, boolean tls, Optional<Path> caFile,
                                        Optional<Path> certFile, Optional<Path> keyFile) throws IOException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval((int) keepAlive.toSeconds());
        if (username.isPresent()) {
            options.setUserName(username.get());
        }
        if (passwordFile.isPresent()) {
            String password = ConfigFiles.readNamedFile(passwordFile.get()).lines().findFirst().orElse("");
            options.setPassword(password.toCharArray());
        }
        if (tls) {
            options.setSocketFactory(TlsSockets.factory(caFile, certFile, keyFile));
        }
        return options;
    }
}
