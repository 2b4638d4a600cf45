package org.envgate.ingest.config;

import java.time.Duration;

/**
 * What a pack must keep to, beyond being valid SenML from the gateway named in its topic.
 *
 * @param maxBytes  largest payload accepted
 * @param maxAge    oldest reading accepted, counted back from now (a gateway's buffer may
 *                  deliver a long backlog, so this is generous)
 * @param maxAhead  how far in the future a reading's time may be (clock skew)
 */
public record PackLimits(long maxBytes, Duration maxAge, Duration maxAhead) {
}
