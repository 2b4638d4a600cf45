package org.envgate.wire;

/** The MQTT topics of one gateway: {@code P/G/readings}, {@code P/G/aggregates}, {@code P/G/status}, {@code P/G/health}. */
public record Topics(String prefix, String gatewayId) {

    public Topics {
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/")
                || prefix.contains("+") || prefix.contains("#")) {
            throw new IllegalArgumentException(
                    "topic prefix must be non-empty, without wildcards or a leading or trailing '/': '" + prefix + "'");
        }
        if (!Reading.isId(gatewayId)) {
            throw new IllegalArgumentException("gateway id must match [a-z0-9-]+ and be at most " + Reading.MAX_ID_LENGTH
                    + " characters: '" + gatewayId + "'");
        }
    }

    /** SenML packs, QoS 1, not retained. */
    public String readings() {
        return prefix + "/" + gatewayId + "/readings";
    }

    /** Retained online/offline state; the offline message is the Last Will. */
    public String status() {
        return prefix + "/" + gatewayId + "/status";
    }

    /** Averages and index values, SenML packs, QoS 1, not retained. */
    public String aggregates() {
        return prefix + "/" + gatewayId + "/aggregates";
    }

    /** Periodic health report. */
    public String health() {
        return prefix + "/" + gatewayId + "/health";
    }

    /** One alert rule's events, in order; the latest is also retained. */
    public String alerts(String rule) {
        return prefix + "/" + gatewayId + "/alerts/" + rule;
    }
}
