package io.xuanxuan.file;

import io.xuanxuan.file.api.FileHttpHandler;
import io.xuanxuan.file.api.FileRoutes;
import io.xuanxuan.file.api.XxcCors;
import io.xuanxuan.file.api.XxcFileHttpHandler;
import io.xuanxuan.file.api.XxcFileRoutes;
import io.xuanxuan.file.domain.XxcFileAccess;
import io.xuanxuan.model.xxc.XxcTokens;
import io.xuanxuan.file.config.LegacyConfig;
import io.xuanxuan.file.domain.FileMetrics;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.domain.UploadLimits;
import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.store.ChatMemberStore;
import io.xuanxuan.file.store.FileObjectStore;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.service.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The file service's HTTP endpoints on Reactor Netty without Spring Boot: an in-memory H2 database, a given
 * blob store, 127.0.0.1 on a random port. Sessions and members are set directly in the stores.
 */
public final class FileTestServer implements AutoCloseable {

    public final DatabaseClient db;
    public final FileObjectStore files;
    public final FileSessionStore sessions;
    public final ChatMemberStore members;
    public final BlobStore blobs;
    public final FileService service;
    /** The 2.x clients' tokens (this process's secret, as the standalone server's). */
    public final XxcTokens tokens = XxcTokens.of("");
    /** How long an ended session still opens 2.x download links here (the default). */
    public static final Duration RECENT_SESSION_AGE = Duration.ofHours(24);
    private final DisposableServer server;

    public FileTestServer(BlobStore blobs, UploadLimits limits, FileMetrics metrics) {
        this(blobs, limits, metrics, null);
    }

    /** With {@code allocator} (if not null) for the connections' buffers, e.g. a {@link TrackingAllocator}. */
    public FileTestServer(BlobStore blobs, UploadLimits limits, FileMetrics metrics,
                          io.netty.buffer.ByteBufAllocator allocator) {
        this.db = TestDatabases.create(TestDatabases.Engine.H2, "file");
        this.files = new FileObjectStore(db);
        this.sessions = new FileSessionStore(db);
        this.members = new ChatMemberStore(db);
        this.blobs = blobs;
        this.service = new FileService(blobs, files, sessions, members, limits, Clock.systemUTC(), metrics);
        FileHttpHandler handler = new FileHttpHandler(service, new LegacyConfig("", 0, "1.0.0"), Clock.systemUTC());
        XxcFileHttpHandler xxc = new XxcFileHttpHandler(handler, service,
                new XxcFileAccess(tokens, sessions, RECENT_SESSION_AGE, Clock.systemUTC()));
        // the 2.x clients' routes and their CORS filter, as XxcFileConfiguration adds them
        var httpHandler = RouterFunctions.toHttpHandler(FileRoutes.routes(handler).and(XxcFileRoutes.routes(xxc)),
                HandlerStrategies.builder().webFilter(new XxcCors()).build());
        HttpServer http = HttpServer.create().host("127.0.0.1").port(0);
        if (allocator != null) {
            http = http.option(io.netty.channel.ChannelOption.ALLOCATOR, allocator)
                    .childOption(io.netty.channel.ChannelOption.ALLOCATOR, allocator);
        }
        this.server = http.handle(new ReactorHttpHandlerAdapter(httpHandler))
                .bindNow(Duration.ofSeconds(10));
    }

    public int port() {
        return server.port();
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    /** A live session of the user (as an ONLINE presence event would make it). */
    public void session(long userId, String sid) {
        sessions.online(userId, sid, "conn-" + sid, System.currentTimeMillis()).block(Duration.ofSeconds(10));
    }

    /** The chat and its members (as a chat event would make them). */
    public void chat(String gid, Long... memberIds) {
        members.replaceMembers(gid, List.of(memberIds), System.currentTimeMillis()).block(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
