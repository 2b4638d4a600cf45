package org.envgate.gateway.buffer;

/** Readings that lie next to each other in the buffer, removed together by their range of sequence numbers. */
public interface BufferRun {

    long firstSeq();

    long lastSeq();

    /** Readings in the run. */
    int size();

    default boolean isEmpty() {
        return size() == 0;
    }
}
