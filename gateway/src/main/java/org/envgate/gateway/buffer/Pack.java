package org.envgate.gateway.buffer;

/**
 * A run of buffered readings encoded as one SenML pack, as the uplink publishes it, with the
 * range of sequence numbers they occupy so they can be removed once the broker acknowledged it.
 *
 * @param size    readings in the pack
 * @param payload the SenML JSON pack
 */
public record Pack(long firstSeq, long lastSeq, int size, byte[] payload) implements BufferRun {

    public static final Pack EMPTY = new Pack(-1, -1, 0, new byte[0]);
}
