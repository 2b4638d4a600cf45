package org.envgate.gateway.config;

import java.util.ArrayList;
import java.util.List;
import org.envgate.common.config.Hosts;

/**
 * Settings that work but expose the station: each becomes one warning naming the file and the
 * key, logged when the gateway starts and shown by {@code envgate check}.
 */
public final class ConfigWarnings {

    private ConfigWarnings() {
    }

    public static List<String> of(GatewayConfig config) {
        List<String> warnings = new ArrayList<>();
        MqttConfig mqtt = config.mqtt();
        if (mqtt.passwordFile().isPresent() && !mqtt.tls() && !Hosts.isLoopbackUrl(mqtt.url())) {
            warnings.add(config.file() + ": mqtt.password-file: the broker password goes unencrypted over "
                    + mqtt.url() + "; anyone on the way can read it and publish as this station. Use ssl:// "
                    + "(docs/security.md)");
        }
        config.statusPage().ifPresent(page -> {
            if (page.passwordFile().isPresent() && page.certFile().isEmpty() && !Hosts.isLoopback(page.host())) {
                warnings.add(config.file() + ": status-page.password-file: the page's password goes unencrypted over "
                        + "http://" + page.listen() + "/; anyone on that network can read it. Set status-page.cert-file "
                        + "and key-file for HTTPS, or listen on 127.0.0.1 (docs/status-page.md)");
            }
        });
        return warnings;
    }
}
