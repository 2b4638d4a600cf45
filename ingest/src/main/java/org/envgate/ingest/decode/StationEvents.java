package org.envgate.ingest.decode;

import java.util.List;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Reading;

/** What the decoder tells about each gateway once a message of it is accepted whole, e.g. for the fleet page. */
public interface StationEvents {

    StationEvents NONE = new StationEvents() {
    };

    /** An accepted status message (online, or its Last Will), received at {@code receivedMillis}. */
    default void status(String gateway, GatewayStatus status, long receivedMillis) {
    }

    /** An accepted health report. */
    default void health(String gateway, GatewayHealth health, long receivedMillis) {
    }

    /** An accepted pack of readings. */
    default void readings(String gateway, List<Reading> readings, long receivedMillis) {
    }
}
