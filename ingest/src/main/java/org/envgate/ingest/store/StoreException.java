package org.envgate.ingest.store;

/**
 * A write the store did not accept.
 *
 * <p>{@link #refusedData()} tells the two cases apart: the store refused these points (a
 * malformed line, a field of the wrong type: writing them again will fail again), or the store
 * could not take them now (down, overloaded, a timeout, bad credentials: retrying is right).
 */
public class StoreException extends Exception {

    private final boolean refusedData;

    public StoreException(String message, boolean refusedData, Throwable cause) {
        super(message, cause);
        this.refusedData = refusedData;
    }

    public boolean refusedData() {
        return refusedData;
    }
}
