package org.envgate.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code envgate-ingest --config FILE} in a JVM of its own, with what it writes to stdout and stderr. */
public final class IngestProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    /** @param heap e.g. {@code -Xmx64m} */
    public IngestProcess(Path config, String heap) throws IOException {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "org.envgate.ingest.Main",
                "--config", config.toString()).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "ingest-process-output");
        reader.start();
    }

    /** Waits until the output holds {@code text}; fails with the output if it does not come or the process ends first. */
    public void awaitOutput(String text, Duration timeout) throws Exception {
        try {
            Await.until(() -> output.toString().contains(text) || !process.isAlive(), timeout, "'" + text + "' in the output");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; ingest printed:\n" + output, e);
        }
        if (!output.toString().contains(text)) {
            throw new AssertionError("ingest ended with status " + process.exitValue() + " before '" + text + "':\n"
                    + output);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(5000);
    }
}
