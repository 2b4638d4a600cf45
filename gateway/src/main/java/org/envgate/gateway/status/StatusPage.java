package org.envgate.gateway.status;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.envgate.common.LogText;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.mqtt.TlsSockets;
import org.envgate.gateway.config.StatusPageConfig;
import org.tinylog.Logger;

/**
 * The read-only status page: a small page for a technician's phone and {@code /api/status}
 * (JSON), over HTTP or HTTPS. Only GET and HEAD are answered; the page's script and style come
 * from the gateway itself, and the strict Content Security Policy allows nothing else.
 *
 * <p>It runs on one thread that never waits for a client (Netty), so slow or stalled clients
 * cannot take it from others: each step of a connection (the TLS handshake, the request, the
 * answer) has {@link Limits#step()} to finish, request lines and headers are capped, bodies are
 * never read, one request is answered per connection, connections are counted per client and in
 * all, and wrong passwords make a client wait longer and longer ({@link FailedPasswords}).
 */
public final class StatusPage implements AutoCloseable {

    static final String JSON = "application/json; charset=utf-8";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String TEXT = "text/plain; charset=utf-8";

    private static final long REPORT_MAX_AGE_NANOS = 1_000_000_000L;

    /**
     * How much the page gives its clients.
     *
     * @param perClient      open connections per client (an IPv4 address or an IPv6 /64)
     * @param total          open connections in all
     * @param step           time for each step of a connection: handshake, request, answer
     * @param maxRequestLine longest request line (method, path, version), else 414
     * @param maxHeaders     most bytes of request headers, else 431
     */
    record Limits(int perClient, int total, Duration step, int maxRequestLine, int maxHeaders) {

        /** A phone opens up to 6 connections at once; a few technicians at once fit in the total. */
        static final Limits DEFAULT = new Limits(8, 64, Duration.ofSeconds(5), 2_048, 8_192);
    }

    /** One file of the page, a resource beside this class. */
    private record Source(String resource, String contentType) {
    }

    /** The page's files by path. */
    private static final Map<String, Source> FILES = Map.of(
            "/", new Source("index.html", "text/html; charset=utf-8"),
            "/status.js", new Source("status.js", "text/javascript; charset=utf-8"),
            "/status.css", new Source("status.css", "text/css; charset=utf-8"));

    private record Asset(String contentType, byte[] body) {
    }

    /** An answer before it is written. */
    private record Answer(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

        Answer(HttpResponseStatus status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        static Answer text(HttpResponseStatus status, String text) {
            return new Answer(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Limits limits;
    private final EventLoopGroup loop;
    private final Optional<SSLContext> tls;
    private final Supplier<byte[]> status;
    private final Optional<byte[]> passwordDigest;
    private final Map<String, Asset> assets;
    private final ConnectionCount connections;
    private final FailedPasswords failedPasswords;
    private final AtomicLong refused = new AtomicLong();
    private Channel server;
    private byte[] report;
    private long reportNanos;

    private StatusPage(Limits limits, EventLoopGroup loop, Optional<SSLContext> tls, Supplier<byte[]> status,
                       Optional<byte[]> passwordDigest, Map<String, Asset> assets, LongSupplier nanoTime) {
        this.limits = limits;
        this.loop = loop;
        this.tls = tls;
        this.status = status;
        this.passwordDigest = passwordDigest;
        this.assets = assets;
        this.connections = new ConnectionCount(limits.perClient(), limits.total());
        this.failedPasswords = new FailedPasswords(nanoTime);
    }

    /**
     * Starts the page, or logs why it cannot and returns nothing: the gateway keeps collecting
     * readings without it.
     *
     * @param configFile the config file, to name in messages
     * @param status     makes the body of {@code /api/status}; asked at most once a second
     */
    public static Optional<StatusPage> start(StatusPageConfig config, String configFile, Supplier<byte[]> status) {
        return start(config, configFile, status, Limits.DEFAULT, System::nanoTime);
    }

    static Optional<StatusPage> start(StatusPageConfig config, String configFile, Supplier<byte[]> status,
                                      Limits limits, LongSupplier nanoTime) {
        String where = "status-page.listen " + config.listen() + " (" + configFile + ":" + config.line() + ")";
        Optional<byte[]> passwordDigest;
        try {
            passwordDigest = config.passwordFile().isEmpty() ? Optional.empty()
                    : Optional.of(digest(ConfigFiles.readNamedFile(config.passwordFile().get())
                            .lines().findFirst().orElse("")));
        } catch (IOException e) {
            Logger.error("status page not started: status-page.password-file {} cannot be read: {}; the gateway runs "
                    + "on without it", config.passwordFile().get(), e.getMessage());
            return Optional.empty();
        }
        Optional<SSLContext> tls;
        try {
            tls = config.certFile().isEmpty() ? Optional.empty()
                    : Optional.of(TlsSockets.serverContext(config.certFile().get(), config.keyFile().orElseThrow()));
        } catch (IOException e) {
            Logger.error("status page not started: status-page.cert-file and key-file: {}; the gateway runs on "
                    + "without it", e.getMessage());
            return Optional.empty();
        }
        InetSocketAddress address;
        try {
            address = address(config);
        } catch (IOException e) {
            Logger.error("status page not started: cannot listen on {}: {}; the gateway runs on without it", where,
                    e.getMessage());
            return Optional.empty();
        }
        EventLoopGroup loop = new NioEventLoopGroup(1, task -> {
            Thread thread = new Thread(task, "status-page");
            thread.setDaemon(true);
            return thread;
        });
        StatusPage page = new StatusPage(limits, loop, tls, status, passwordDigest, loadAssets(), nanoTime);
        try {
            page.server = page.bootstrap().bind(address).sync().channel();
        } catch (Exception e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Logger.error("status page not started: cannot listen on {}: {}; the gateway runs on without it", where,
                    e.getMessage());
            return Optional.empty();
        }
        Logger.info("status page on {}{}", page.url(config.host()),
                passwordDigest.isPresent() ? " (password required)" : "");
        return Optional.of(page);
    }

    /**
     * Whether the page could listen where configured, for {@code envgate check}: binds the address
     * and lets it go at once.
     *
     * @return why it cannot, or nothing when it can
     */
    public static Optional<String> tryListen(StatusPageConfig config) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address(config));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static InetSocketAddress address(StatusPageConfig config) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IOException("'" + config.host() + "' is not a known host name or address");
        }
        return address;
    }

    /** The address the page listens on, with the port it really got. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    private String url(String host) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return (tls.isPresent() ? "https" : "http") + "://" + shown + ":" + address().getPort() + "/";
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, limits.total())
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4_096))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        String client = Clients.of(channel.remoteAddress().getAddress());
                        if (!connections.tryOpen(client)) {
                            refused(client);
                            channel.close();
                            return;
                        }
                        channel.closeFuture().addListener(closed -> connections.closed(client));
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls.isPresent()) {
                            SSLEngine engine = tls.get().createSSLEngine();
                            engine.setUseClientMode(false);
                            SslHandler handshake = new SslHandler(engine);
                            handshake.setHandshakeTimeoutMillis(limits.step().toMillis());
                            pipeline.addLast(handshake);
                        }
                        pipeline.addLast(new HttpServerCodec(limits.maxRequestLine(), limits.maxHeaders(), 8_192));
                        pipeline.addLast(new Exchange(client));
                    }
                });
    }

    /** Logs the first refused connection and then every 100th, so that a flood does not flood the log. */
    private void refused(String client) {
        long count = refused.incrementAndGet();
        if (count % 100 == 1) {
            Logger.warn("status page: refused a connection from {}: it already has {} open, or the page {} in all "
                    + "({} refused since start)", client, limits.perClient(), limits.total(), count);
        }
    }

    /** One connection: one request, one answer, each step against the clock. */
    private final class Exchange extends ChannelInboundHandlerAdapter {

        private final String client;
        private ScheduledFuture<?> deadline;
        private boolean answered;

        Exchange(String client) {
            this.client = client;
        }

        private void startStep(ChannelHandlerContext context) {
            endStep();
            Runnable close = context::close;
            deadline = context.executor().schedule(close, limits.step().toMillis(), TimeUnit.MILLISECONDS);
        }

        private void endStep() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            startStep(context);
            context.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess() && !answered) {
                startStep(context);
            }
            context.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            try {
                if (answered || !(message instanceof HttpRequest request)) {
                    return;
                }
                answered = true;
                context.channel().config().setAutoRead(false);
                Answer answer = answer(request);
                startStep(context);
                context.writeAndFlush(response(request, answer)).addListener(ChannelFutureListener.CLOSE);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private Answer answer(HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                if (cause instanceof TooLongHttpLineException) {
                    return Answer.text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long\n");
                }
                if (cause instanceof TooLongHttpHeaderException) {
                    return Answer.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large\n");
                }
                return Answer.text(HttpResponseStatus.BAD_REQUEST, "not an HTTP request\n");
            }
            return StatusPage.this.answer(client, request);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            endStep();
            context.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    private Answer answer(String client, HttpRequest request) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            return new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT,
                    "only GET and HEAD: this page is read-only\n".getBytes(StandardCharsets.UTF_8),
                    Map.of("Allow", "GET, HEAD"));
        }
        if (passwordDigest.isPresent()) {
            OptionalLong wait = failedPasswords.retryAfter(client);
            if (wait.isPresent()) {
                return tooManyWrongPasswords(wait.getAsLong());
            }
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (!authorized(authorization)) {
                if (authorization != null) {
                    wait = failedPasswords.failed(client);
                    if (wait.isPresent()) {
                        Logger.warn("status page: wrong password from {} once too often: it waits {} s before the "
                                + "next try", client, wait.getAsLong());
                        return tooManyWrongPasswords(wait.getAsLong());
                    }
                }
                return new Answer(HttpResponseStatus.UNAUTHORIZED, TEXT,
                        "password required\n".getBytes(StandardCharsets.UTF_8),
                        Map.of("WWW-Authenticate", "Basic realm=\"envgate\", charset=\"UTF-8\""));
            }
            failedPasswords.succeeded(client);
        }
        String path;
        try {
            path = new URI(request.uri()).getPath();
        } catch (URISyntaxException e) {
            return Answer.text(HttpResponseStatus.BAD_REQUEST, "not a path\n");
        }
        if ("/api/status".equals(path)) {
            try {
                return new Answer(HttpResponseStatus.OK, JSON, report());
            } catch (RuntimeException e) {
                Logger.warn("status page: {} {} failed: {}", method, LogText.untrusted(path), e);
                return Answer.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the status cannot be made now\n");
            }
        }
        Asset asset = path == null ? null : assets.get(path);
        if (asset == null) {
            return Answer.text(HttpResponseStatus.NOT_FOUND, "not found\n");
        }
        return new Answer(HttpResponseStatus.OK, asset.contentType(), asset.body());
    }

    private static Answer tooManyWrongPasswords(long seconds) {
        return new Answer(HttpResponseStatus.TOO_MANY_REQUESTS, TEXT,
                ("too many wrong passwords: try again in " + seconds + " s\n").getBytes(StandardCharsets.UTF_8),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private static FullHttpResponse response(HttpRequest request, Answer answer) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", CSP);
        headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        answer.headers().forEach(headers::set);
        return response;
    }

    private static Map<String, Asset> loadAssets() {
        Map<String, Asset> assets = new HashMap<>();
        for (Map.Entry<String, Source> file : FILES.entrySet()) {
            Source source = file.getValue();
            try (InputStream in = StatusPage.class.getResourceAsStream(source.resource())) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the status page's " + source.resource());
                }
                assets.put(file.getKey(), new Asset(source.contentType(), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the status page's " + source.resource() + " from the jar", e);
            }
        }
        return Map.copyOf(assets);
    }

    /** The status, made at most once a second however often it is asked for: the page must stay light. */
    private synchronized byte[] report() {
        long now = System.nanoTime();
        if (report == null || now - reportNanos >= REPORT_MAX_AGE_NANOS) {
            report = status.get();
            reportNanos = now;
        }
        return report;
    }

    /** HTTP Basic with any user name; the password is compared by its digest, in constant time. */
    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = credentials.indexOf(':');
        return colon >= 0 && MessageDigest.isEqual(passwordDigest.orElseThrow(), digest(credentials.substring(colon + 1)));
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
