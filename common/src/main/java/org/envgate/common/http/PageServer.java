package org.envgate.common.http;

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
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.envgate.common.LogText;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.mqtt.TlsSockets;
import org.tinylog.Logger;

/**
 * The server of a read-only page (the gateway's status page, ingest's fleet page), over HTTP or
 * HTTPS. Only GET and HEAD are answered; the page's script and style come from the program
 * itself, and the strict Content Security Policy allows nothing else.
 *
 * <p>It runs on one thread that never waits for a client (Netty), so slow or stalled clients
 * cannot take it from others: each step of a connection (the TLS handshake, the request, the
 * answer) has {@link Limits#step()} to finish, request lines and headers are capped, bodies are
 * never read, one request is answered per connection, connections are counted per client and in
 * all, and wrong passwords make a client wait longer and longer ({@link FailedPasswords}).
 */
public final class PageServer implements AutoCloseable {

    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Query parameters looked at per request; more are ignored. */
    private static final int MAX_QUERY_PARAMETERS = 16;
    /** Requests of slow routes waiting for the worker; beyond them a client gets 503 at once. */
    private static final int MAX_WAITING_SLOW = 8;

    /**
     * How much the page gives its clients.
     *
     * @param perClient      open connections per client (an IPv4 address or an IPv6 /64)
     * @param total          open connections in all
     * @param step           time for each step of a connection: handshake, request, answer
     * @param maxRequestLine longest request line (method, path, version), else 414
     * @param maxHeaders     most bytes of request headers, else 431
     */
    public record Limits(int perClient, int total, Duration step, int maxRequestLine, int maxHeaders) {

        /** A phone opens up to 6 connections at once; a few technicians at once fit in the total. */
        public static final Limits DEFAULT = new Limits(8, 64, Duration.ofSeconds(5), 2_048, 8_192);
    }

    /**
     * How messages name the page.
     *
     * @param page    the page, e.g. {@code status page}
     * @param section its config section, e.g. {@code status-page}
     * @param program what runs on when the page cannot start, e.g. {@code the gateway}
     */
    public record Naming(String page, String section, String program) {
    }

    private final Naming naming;
    private final Limits limits;
    private final EventLoopGroup loop;
    private final Optional<SSLContext> tls;
    private final Map<String, Route> routes;
    private final Set<String> slowPaths;
    private final Optional<ExecutorService> worker;
    private final Optional<byte[]> passwordDigest;
    private final ConnectionCount connections;
    private final FailedPasswords failedPasswords;
    private final AtomicLong refused = new AtomicLong();
    private Channel server;

    private PageServer(Naming naming, Limits limits, EventLoopGroup loop, Optional<SSLContext> tls,
                       Routes routes, Optional<byte[]> passwordDigest, LongSupplier nanoTime) {
        this.naming = naming;
        this.limits = limits;
        this.loop = loop;
        this.tls = tls;
        this.routes = routes.byPath();
        this.slowPaths = routes.slowPaths();
        String workerName = naming.page().replace(' ', '-') + "-work";
        this.worker = slowPaths.isEmpty() ? Optional.empty() : Optional.of(new ThreadPoolExecutor(1, 1, 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_WAITING_SLOW), task -> {
                    Thread thread = new Thread(task, workerName);
                    thread.setDaemon(true);
                    return thread;
                }));
        this.passwordDigest = passwordDigest;
        this.connections = new ConnectionCount(limits.perClient(), limits.total());
        this.failedPasswords = new FailedPasswords(nanoTime);
    }

    /**
     * Starts the page, or logs why it cannot and returns nothing: the program runs on without it.
     *
     * @param configFile the config file, to name in messages
     * @param nanoTime   the clock of the waits after wrong passwords
     */
    public static Optional<PageServer> start(Naming naming, PageConfig config, String configFile, Routes routes,
                                             Limits limits, LongSupplier nanoTime) {
        String notStarted = naming.page() + " not started: ";
        String runsOn = "; " + naming.program() + " runs on without it";
        String where = naming.section() + ".listen " + config.listen() + " (" + configFile + ":" + config.line() + ")";
        Optional<byte[]> passwordDigest;
        try {
            passwordDigest = config.passwordFile().isEmpty() ? Optional.empty()
                    : Optional.of(digest(ConfigFiles.readNamedFile(config.passwordFile().get())
                            .lines().findFirst().orElse("")));
        } catch (IOException e) {
            Logger.error(notStarted + "{}.password-file {} cannot be read: {}" + runsOn, naming.section(),
                    config.passwordFile().get(), e.getMessage());
            return Optional.empty();
        }
        Optional<SSLContext> tls;
        try {
            tls = config.certFile().isEmpty() ? Optional.empty()
                    : Optional.of(TlsSockets.serverContext(config.certFile().get(), config.keyFile().orElseThrow()));
        } catch (IOException e) {
            Logger.error(notStarted + "{}.cert-file and key-file: {}" + runsOn, naming.section(), e.getMessage());
            return Optional.empty();
        }
        InetSocketAddress address;
        try {
            address = address(config);
        } catch (IOException e) {
            Logger.error(notStarted + "cannot listen on {}: {}" + runsOn, where, e.getMessage());
            return Optional.empty();
        }
        String threadName = naming.page().replace(' ', '-');
        EventLoopGroup loop = new NioEventLoopGroup(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        PageServer page = new PageServer(naming, limits, loop, tls, routes, passwordDigest, nanoTime);
        try {
            page.server = page.bootstrap().bind(address).sync().channel();
        } catch (Exception e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            page.worker.ifPresent(ExecutorService::shutdownNow);
            Logger.error(notStarted + "cannot listen on {}: {}" + runsOn, where, e.getMessage());
            return Optional.empty();
        }
        Logger.info("{} on {}{}", naming.page(), page.url(config.host()),
                passwordDigest.isPresent() ? " (password required)" : "");
        return Optional.of(page);
    }

    /**
     * Whether a page could listen where configured, for a {@code check}: binds the address and
     * lets it go at once.
     *
     * @return why it cannot, or nothing when it can
     */
    public static Optional<String> tryListen(PageConfig config) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address(config));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static InetSocketAddress address(PageConfig config) throws IOException {
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
            Logger.warn("{}: refused a connection from {}: it already has {} open, or the page {} in all "
                    + "({} refused since start)", naming.page(), client, limits.perClient(), limits.total(), count);
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
                boolean head = HttpMethod.HEAD.equals(request.method());
                CompletableFuture<Answer> answer = answer(request);
                startStep(context);
                answer.thenAccept(made -> context.executor().execute(() -> {
                    if (context.channel().isActive()) {
                        context.writeAndFlush(response(head, made)).addListener(ChannelFutureListener.CLOSE);
                    }
                }));
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private CompletableFuture<Answer> answer(HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                if (cause instanceof TooLongHttpLineException) {
                    return CompletableFuture.completedFuture(Answer.text(414, "request line too long\n"));
                }
                if (cause instanceof TooLongHttpHeaderException) {
                    return CompletableFuture.completedFuture(Answer.text(431, "request headers too large\n"));
                }
                return CompletableFuture.completedFuture(Answer.text(400, "not an HTTP request\n"));
            }
            return PageServer.this.answer(client, request);
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

    /** The answer, made here or, for a slow route, on the worker. */
    private CompletableFuture<Answer> answer(String client, HttpRequest request) {
        Optional<Answer> refused = refusal(client, request);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(refused.get());
        }
        URI uri;
        try {
            uri = new URI(request.uri());
        } catch (URISyntaxException e) {
            return CompletableFuture.completedFuture(Answer.text(400, "not a path\n"));
        }
        Route route = uri.getPath() == null ? null : routes.get(uri.getPath());
        if (route == null) {
            return CompletableFuture.completedFuture(Answer.text(404, "not found\n"));
        }
        String method = request.method().name();
        if (worker.isEmpty() || !slowPaths.contains(uri.getPath())) {
            return CompletableFuture.completedFuture(run(route, method, uri));
        }
        try {
            return CompletableFuture.supplyAsync(() -> run(route, method, uri), worker.get());
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.completedFuture(new Answer(503, Answer.TEXT,
                    "busy: try again in a few seconds\n".getBytes(StandardCharsets.UTF_8), Map.of("Retry-After", "5")));
        }
    }

    private Answer run(Route route, String method, URI uri) {
        try {
            return route.answer(query(uri));
        } catch (RuntimeException e) {
            Logger.warn("{}: {} {} failed: {}", naming.page(), method, LogText.untrusted(uri.getPath()), e);
            return Answer.text(500, uri.getPath() + " cannot be made now\n");
        }
    }

    /** The answer that refuses the request (its method, its password), if any. */
    private Optional<Answer> refusal(String client, HttpRequest request) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            return Optional.of(new Answer(405, Answer.TEXT, "only GET and HEAD: this page is read-only\n"
                    .getBytes(StandardCharsets.UTF_8), Map.of("Allow", "GET, HEAD")));
        }
        if (passwordDigest.isPresent()) {
            OptionalLong wait = failedPasswords.retryAfter(client);
            if (wait.isPresent()) {
                return Optional.of(tooManyWrongPasswords(wait.getAsLong()));
            }
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (!authorized(authorization)) {
                if (authorization != null) {
                    wait = failedPasswords.failed(client);
                    if (wait.isPresent()) {
                        Logger.warn("{}: wrong password from {} once too often: it waits {} s before the next try",
                                naming.page(), client, wait.getAsLong());
                        return Optional.of(tooManyWrongPasswords(wait.getAsLong()));
                    }
                }
                return Optional.of(new Answer(401, Answer.TEXT, "password required\n".getBytes(StandardCharsets.UTF_8),
                        Map.of("WWW-Authenticate", "Basic realm=\"envgate\", charset=\"UTF-8\"")));
            }
            failedPasswords.succeeded(client);
        }
        return Optional.empty();
    }

    private static Map<String, String> query(URI uri) {
        if (uri.getRawQuery() == null) {
            return Map.of();
        }
        Map<String, String> first = new HashMap<>();
        new QueryStringDecoder(uri.getRawQuery(), StandardCharsets.UTF_8, false, MAX_QUERY_PARAMETERS)
                .parameters().forEach((name, values) -> {
                    if (!values.isEmpty()) {
                        first.put(name, values.get(0));
                    }
                });
        return Map.copyOf(first);
    }

    private static Answer tooManyWrongPasswords(long seconds) {
        return new Answer(429, Answer.TEXT, ("too many wrong passwords: try again in " + seconds + " s\n")
                .getBytes(StandardCharsets.UTF_8), Map.of("Retry-After", Long.toString(seconds)));
    }

    private static FullHttpResponse response(boolean head, Answer answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
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
        worker.ifPresent(ExecutorService::shutdownNow);
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
