package org.envgate.ingest.mqtt;

/**
 * One message as it arrived, with the means to acknowledge it once its points are stored.
 *
 * @param redelivered    the broker sent it before without getting an acknowledgement
 * @param receivedMillis when it arrived
 * @param oversize       the size of a payload over the size limit, which was thrown away unread
 *                       (the payload is then empty), or -1 when the payload is whole
 */
public record Delivery(String topic, byte[] payload, boolean redelivered, long receivedMillis, long oversize, Ack ack) {

    /** A message whose payload arrived whole. */
    public Delivery(String topic, byte[] payload, boolean redelivered, long receivedMillis, Ack ack) {
        this(topic, payload, redelivered, receivedMillis, -1, ack);
    }

    /** Sends the PUBACK on the connection the message came on. */
    @FunctionalInterface
    public interface Ack {
        /**
         * @return false if that connection is gone: the broker keeps the message in the session
         *         and delivers it again
         */
        boolean send();
    }
}
