package org.envgate.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's mosquitto on a free loopback port, as its own process (apt-get install mosquitto). */
public final class Mosquitto implements AutoCloseable {

    private final int port;
    private final Process process;

    public Mosquitto(Path dir) throws IOException, InterruptedException {
        this(dir, "allow_anonymous true\n");
    }

    /**
     * @param settings more lines of mosquitto.conf for the listener, e.g. a password file
     */
    public Mosquitto(Path dir, String settings) throws IOException, InterruptedException {
        this.port = freePort();
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        // Persistent sessions must be able to hold a whole test's (or benchmark's) backlog.
        Files.writeString(conf, """
                listener %d 127.0.0.1
                max_queued_messages 0
                max_inflight_messages 100
                message_size_limit 1048576
                """.formatted(port) + settings);
        if (!Files.isExecutable(Path.of("/usr/sbin/mosquitto")) && !Files.isExecutable(Path.of("/usr/bin/mosquitto"))) {
            throw new IOException("mosquitto not found: apt-get install mosquitto");
        }
        this.process = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile())
                .start();
        for (int attempt = 0; ; attempt++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (attempt == 100 || !process.isAlive()) {
                    close();
                    throw new IOException("mosquitto did not start on port " + port + ": " + Files.readString(
                            dir.resolve("mosquitto-" + port + ".log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
