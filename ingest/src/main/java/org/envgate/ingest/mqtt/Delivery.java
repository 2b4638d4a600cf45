package org.envgate.ingest.mqtt;

/**
 * One message as it arrived, with the means to acknowledge it once its points are stored.
 *
 * @param redelivered    the broker sent it before without getting an acknowledgement
 * @param receivedMillis when it arrived
 */
public record Delivery(String topic, byte[] payload, boolean redelivered, long receivedMillis, Ack ack) {

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
