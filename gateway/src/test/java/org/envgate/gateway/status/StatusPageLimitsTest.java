package org.envgate.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.common.http.FailedPasswords;
import org.envgate.common.http.PageServer;
import org.envgate.common.http.PageConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page against clients that misbehave: raw sockets, real bytes. */
class StatusPageLimitsTest {

    /** How long a client here waits for an answer before the test calls the page down. */
    private static final int ANSWER_WAIT_MILLIS = 3_000;

    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000_000L);
    private StatusPage page;

    @AfterEach
    void closeAll() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (page != null) {
            page.close();
        }
    }

    private StatusPage start() {
        return start(PageServer.Limits.DEFAULT, Optional.empty());
    }

    private StatusPage start(PageServer.Limits limits, Optional<Path> passwordFile) {
        page = StatusPage.start(new PageConfig("127.0.0.1", 0, passwordFile, Optional.empty(), Optional.empty(), 1),
                "test.yaml", () -> "{\"gateway\":\"gw-limits\"}".getBytes(StandardCharsets.UTF_8), () -> new byte[0],
                limits, () -> nanoTime.get()).orElseThrow();
        return page;
    }

    private Socket connect() throws IOException {
        return connect("127.0.0.1");
    }

    /** A connection from one of the loopback addresses: each is another client to the page. */
    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", page.address().getPort()));
        socket.setSoTimeout(ANSWER_WAIT_MILLIS);
        return socket;
    }

    private static String get(Socket socket, String path, String... headers) throws IOException {
        send(socket, "GET " + path + " HTTP/1.1\r\nHost: station\r\n" + String.join("", headers) + "\r\n");
        return statusLine(socket);
    }

    /** The whole answer, up to the end the page makes by closing the connection. */
    private static String answer(Socket socket, String path, String... headers) throws IOException {
        send(socket, "GET " + path + " HTTP/1.1\r\nHost: station\r\n" + String.join("", headers) + "\r\n");
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                .replace("Retry-After:", "retry-after:");
    }

    private static String basic(String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(("tech:" + password)
                .getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    /** Whether the page closed the connection without a word. */
    private static boolean closedUnanswered(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The answer's status line, or why there was none. */
    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            return "no answer within " + ANSWER_WAIT_MILLIS + " ms";
        }
        return line.toString().strip();
    }

    @Test
    void twoClientsStallingMidRequestLeaveThePageServingOthers() throws Exception {
        start();
        for (int i = 0; i < 2; i++) {
            send(connect(), "GET /api/status HTTP/1.1\r\nHost: station\r\n");
        }
        Socket technician = connect();
        send(technician, "GET /api/status HTTP/1.1\r\nHost: station\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", statusLine(technician));
    }

    @Test
    void aConnectionThatStallsIsClosedAfterItsStep() throws Exception {
        start(new PageServer.Limits(8, 64, Duration.ofMillis(500), 2_048, 8_192), Optional.empty());
        Socket silent = connect();
        Socket halfRequest = connect();
        send(halfRequest, "GET / HTTP/1.1\r\nHost: sta");
        assertTrue(closedUnanswered(silent), "a connection that sends nothing is closed");
        assertTrue(closedUnanswered(halfRequest), "a request that stops half-way is closed");
    }

    @Test
    void eachClientHasItsShareOfConnections() throws Exception {
        start(new PageServer.Limits(2, 64, Duration.ofSeconds(30), 2_048, 8_192), Optional.empty());
        connect("127.0.0.1");
        connect("127.0.0.1");
        assertTrue(closedUnanswered(connect("127.0.0.1")), "a third connection of the same client is refused");
        assertEquals("HTTP/1.1 200 OK", get(connect("127.0.0.2"), "/api/status"), "another client is served");
    }

    @Test
    void aClosedConnectionGivesItsPlaceBack() throws Exception {
        start(new PageServer.Limits(2, 64, Duration.ofMillis(500), 2_048, 8_192), Optional.empty());
        Socket first = connect();
        Socket second = connect();
        assertTrue(closedUnanswered(first) && closedUnanswered(second), "both stalled, both closed");
        assertEquals("HTTP/1.1 200 OK", get(connect(), "/api/status"));
    }

    @Test
    void aRequestBodyIsNeverWaitedFor() throws Exception {
        start();
        Socket upload = connect();
        send(upload, "POST /api/status HTTP/1.1\r\nHost: station\r\nContent-Length: 100000000\r\n\r\n{");
        assertEquals("HTTP/1.1 405 Method Not Allowed", statusLine(upload));
    }

    @Test
    void allClientsTogetherHaveALimitToo() throws Exception {
        start(new PageServer.Limits(2, 4, Duration.ofSeconds(30), 2_048, 8_192), Optional.empty());
        for (String client : new String[] {"127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2"}) {
            connect(client);
        }
        assertTrue(closedUnanswered(connect("127.0.0.3")), "a fifth connection in all is refused");
    }

    @Test
    void aLongRequestLineOrLargeHeadersAreRefusedUnread() throws Exception {
        start();
        assertEquals("HTTP/1.1 414 Request-URI Too Long", get(connect(), "/" + "a".repeat(3_000)));
        String header = "X-Padding: " + "b".repeat(1_000) + "\r\n";
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", get(connect(), "/", header.repeat(10)));
        assertEquals("HTTP/1.1 200 OK", get(connect(), "/", header.repeat(2)), "headers of a normal size pass");
    }

    @Test
    void wrongPasswordsMakeTheClientWaitLongerAndLonger(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("status-password"), "s3cret\n");
        start(PageServer.Limits.DEFAULT, Optional.of(password));
        for (int i = 0; i < FailedPasswords.FREE; i++) {
            assertEquals("HTTP/1.1 401 Unauthorized", get(connect(), "/api/status", basic("guess" + i)), "try " + i);
        }
        String refused = answer(connect(), "/api/status", basic("guess"));
        assertTrue(refused.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), refused);
        assertTrue(refused.contains("\r\nretry-after: 1\r\n"), refused);
        assertTrue(answer(connect(), "/api/status", basic("s3cret")).contains("\r\nretry-after: 1\r\n"),
                "while it waits, not even the right password is looked at");
        assertEquals("HTTP/1.1 200 OK", get(connect("127.0.0.2"), "/api/status", basic("s3cret")),
                "another client is not held up");

        nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(answer(connect(), "/api/status", basic("guess")).contains("\r\nretry-after: 2\r\n"));
        nanoTime.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(answer(connect(), "/api/status", basic("guess")).contains("\r\nretry-after: 4\r\n"));
        nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(answer(connect(), "/api/status", basic("guess")).contains("\r\nretry-after: 3\r\n"),
                "a guess while waiting counts for nothing");

        nanoTime.addAndGet(Duration.ofSeconds(3).toNanos());
        assertEquals("HTTP/1.1 200 OK", get(connect(), "/api/status", basic("s3cret")));
        assertEquals("HTTP/1.1 401 Unauthorized", get(connect(), "/api/status", basic("typo")),
                "the right password starts the client afresh");
        assertEquals("HTTP/1.1 401 Unauthorized", get(connect(), "/api/status"),
                "no password at all is the browser asking, not a guess");
    }
}
