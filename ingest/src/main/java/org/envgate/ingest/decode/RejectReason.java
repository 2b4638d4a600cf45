package org.envgate.ingest.decode;

import java.util.Locale;

/**
 * Why a message was rejected, in a few kinds an operator can count and alert on (the dead
 * letter carries the whole reason in words).
 */
public enum RejectReason {
    /** The topic is not {@code P/<gateway>/<kind>} of a known kind, or its gateway id is not an id. */
    TOPIC,
    /** Larger than {@code packs.max-size}. */
    TOO_LARGE,
    /** Not the message its topic says: bad JSON or SenML, a field missing or of the wrong type, the wrong sender. */
    MALFORMED,
    /** A value outside what its quantity can be. */
    OUT_OF_RANGE,
    /** A time older than {@code packs.max-age} or further ahead than {@code packs.max-ahead}. */
    TIME_WINDOW,
    /** A payload no check foresaw, which the decoder could not read. */
    UNDECODABLE,
    /** The store refused its points. */
    STORE_REFUSED;

    /** As in the metrics' {@code reason} label: {@code too_large}, {@code time_window}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
