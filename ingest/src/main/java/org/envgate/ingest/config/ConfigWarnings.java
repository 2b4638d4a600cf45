package org.envgate.ingest.config;

import java.util.ArrayList;
import java.util.List;
import org.envgate.common.config.Hosts;

/**
 * Settings that work but expose the agency's data: each becomes one warning naming the file and
 * the key, logged when ingest starts and shown by {@code --check-config}.
 */
public final class ConfigWarnings {

    private ConfigWarnings() {
    }

    public static List<String> of(IngestConfig config) {
        List<String> warnings = new ArrayList<>();
        MqttSettings mqtt = config.mqtt();
        if (mqtt.passwordFile().isPresent() && mqtt.url().startsWith("tcp://") && !Hosts.isLoopbackUrl(mqtt.url())) {
            warnings.add(config.file() + ": mqtt.password-file: the broker password goes unencrypted over "
                    + mqtt.url() + "; anyone on the way can read it and read or publish every station's data. "
                    + "Use ssl:// (docs/security.md)");
        }
        config.influx().ifPresent(influx -> {
            if (influx.url().startsWith("http://") && !Hosts.isLoopbackUrl(influx.url())) {
                warnings.add(config.file() + ": influx.url: the InfluxDB token goes unencrypted over " + influx.url()
                        + "; anyone on the way can read it and write or delete data. Use https:// (docs/security.md)");
            }
        });
        if (config.influx().isEmpty() && !Hosts.isLoopback(config.embedded().host())) {
            warnings.add(config.file() + ": embedded.listen: the QuestDB web console on " + config.embedded().host()
                    + ":" + config.embedded().port() + " runs any SQL, DROP included, without a password, for "
                    + "anyone who can reach it. Keep it on 127.0.0.1 and use an SSH tunnel (docs/security.md)");
        }
        return warnings;
    }
}
