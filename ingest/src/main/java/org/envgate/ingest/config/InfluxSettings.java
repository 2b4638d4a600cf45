package org.envgate.ingest.config;

import java.time.Duration;

/**
 * The InfluxDB (or any store taking the InfluxDB v2 write API) that ingest writes to.
 *
 * @param url        e.g. {@code https://influx.example:8086}
 * @param token      API token with write access to the bucket; never printed
 * @param org        organisation
 * @param bucket     bucket
 * @param gzip       compress write requests
 * @param batchSize  most points in one write request
 * @param timeout    how long one write may take before it counts as failed and is retried
 * @param textFields whether the store keeps text fields; false for one that keeps only numbers
 */
public record InfluxSettings(String url, String token, String org, String bucket, boolean gzip, int batchSize,
                             Duration timeout, boolean textFields) {

    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", org=" + org + ", bucket=" + bucket + ", gzip=" + gzip
                + ", batchSize=" + batchSize + ", timeout=" + timeout + ", textFields=" + textFields + "]";
    }
}
