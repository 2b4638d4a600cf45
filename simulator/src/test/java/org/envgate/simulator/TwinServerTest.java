package org.envgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.envgate.drivers.pms5003.Pms5003Commands;
import org.envgate.drivers.pms5003.Pms5003Decoder;
import org.envgate.drivers.pms5003.Pms5003Frame;
import org.envgate.simulator.pms5003.Pms5003Twin;
import org.junit.jupiter.api.Test;

class TwinServerTest {

    private static final TwinOptions FAST = TwinOptions.defaults().withPeriod(Duration.ofMillis(100));

    /** Reads from the socket until {@code wanted} frames decoded or two seconds passed. */
    private static List<Pms5003Frame> readFrames(Socket socket, int wanted) throws IOException {
        Pms5003Decoder decoder = new Pms5003Decoder();
        List<Pms5003Frame> frames = new ArrayList<>();
        readUntil(socket, decoder, frames, () -> frames.size() >= wanted);
        return frames;
    }

    private static void readUntil(Socket socket, Pms5003Decoder decoder, List<Pms5003Frame> frames,
                                  BooleanSupplier done) throws IOException {
        socket.setSoTimeout(2000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256];
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            int count = in.read(buffer);
            if (count < 0) {
                break;
            }
            frames.addAll(decoder.feed(buffer, 0, count));
        }
    }

    @Test
    void servesFramesToAPlainSocketClient() throws Exception {
        try (TwinServer server = TwinServer.tcp(new Pms5003Twin(FAST), "127.0.0.1", 0)) {
            assertTrue(server.gatewayPort().matches("tcp://127\\.0\\.0\\.1:[0-9]+"), server.gatewayPort());
            try (Socket client = connect(server)) {
                assertEquals(3, readFrames(client, 3).size());
            }
        }
    }

    @Test
    void answersAReadInPassiveMode() throws Exception {
        try (TwinServer server = TwinServer.tcp(new Pms5003Twin(TwinOptions.defaults()), "127.0.0.1", 0);
             Socket client = connect(server)) {
            Pms5003Decoder decoder = new Pms5003Decoder();
            List<Pms5003Frame> frames = new ArrayList<>();
            client.getOutputStream().write(Pms5003Commands.passiveMode());
            readUntil(client, decoder, frames, () -> decoder.answers() == 1);
            frames.clear(); // the power-up frame may have come before the mode change

            client.getOutputStream().write(Pms5003Commands.readPassive());
            readUntil(client, decoder, frames, () -> !frames.isEmpty());

            assertEquals(1, decoder.answers());
            assertEquals(1, frames.size());
        }
    }

    @Test
    void aNewClientReplacesTheOldOne() throws Exception {
        try (TwinServer server = TwinServer.tcp(new Pms5003Twin(FAST), "127.0.0.1", 0);
             Socket first = connect(server)) {
            assertEquals(1, readFrames(first, 1).size());
            try (Socket second = connect(server)) {
                assertEquals(2, readFrames(second, 2).size());
                first.setSoTimeout(2000);
                InputStream in = first.getInputStream();
                while (in.read() >= 0) {
                    // drain what was sent before the replacement, until the server closes this client
                }
            }
        }
    }

    private static Socket connect(TwinServer server) throws IOException {
        String port = server.gatewayPort().substring(server.gatewayPort().lastIndexOf(':') + 1);
        return new Socket("127.0.0.1", Integer.parseInt(port));
    }
}
