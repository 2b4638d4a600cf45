package org.envgate.ingest.fleet;

import java.io.IOException;
import org.envgate.wire.Quantity;

/** Reads a quantity's last 24 hours from the store ingest writes to, through the store's own query API. */
interface SeriesSource {

    /**
     * @param gateway  a checked gateway id ({@code [a-z0-9-]+}), safe inside a query's quotes
     * @param quantity a known quantity, whose id names its measurement
     * @throws IOException when the store cannot be asked or answers with an error
     */
    Series read(String gateway, Quantity quantity, long nowMillis) throws IOException, InterruptedException;
}
