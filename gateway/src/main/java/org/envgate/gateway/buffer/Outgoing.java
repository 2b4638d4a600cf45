package org.envgate.gateway.buffer;

/**
 * A message waiting in the buffer's outbox to be published, e.g. a pack of averages.
 *
 * @param seq     its place in the outbox; messages are published in this order
 * @param topic   the topic below {@code P/G/}, e.g. {@code aggregates}
 * @param retain  whether the broker keeps it for later subscribers
 */
public record Outgoing(long seq, String topic, boolean retain, byte[] payload) {
}
