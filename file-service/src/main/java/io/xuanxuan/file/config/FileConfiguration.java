package io.xuanxuan.file.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.file.api.AttachGetListHandler;
import io.xuanxuan.file.api.FileHttpHandler;
import io.xuanxuan.file.api.FileRoutes;
import io.xuanxuan.file.domain.FileMetrics;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.domain.OrphanSweep;
import io.xuanxuan.file.domain.UploadLimits;
import io.xuanxuan.file.event.FileEventConsumers;
import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.file.storage.MinioBlobStore;
import io.xuanxuan.file.store.ChatMemberStore;
import io.xuanxuan.file.store.FileObjectStore;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.model.protocol.LegacyTcpListener;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.CommandDispatcher;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.store.ServiceMigration;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The file service: HTTP upload and download (PROTOCOL.md section 8; the 2.x clients' in {@link XxcFileConfiguration}), {@code attach/getList}, its view of
 * sessions and chat members from events, and the blob store chosen by {@code xuanxuan.files.store}.
 * For an application to import; needs a {@link MessageBus}, a {@link DatabaseClient} and a WebFlux server
 * (the routes share its port); uses a {@link MeterRegistry} if there is one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FileProperties.class, FileXxcProperties.class})
@Import(XxcFileConfiguration.class)
public class FileConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FileConfiguration.class);

    @Bean
    public ServiceMigration fileMigration() {
        return ServiceMigration.forService(ServiceName.FILE.id());
    }

    @Bean
    public FileObjectStore fileObjectStore(DatabaseClient db) {
        return new FileObjectStore(db);
    }

    @Bean
    public FileSessionStore fileSessionStore(DatabaseClient db, FileXxcProperties xxc) {
        return new FileSessionStore(db, xxc.recentSessionsPerUser());
    }

    @Bean
    public RecentSessionSweepSchedule fileRecentSessionSweep(FileSessionStore fileSessionStore, FileXxcProperties xxc,
                                                             Clock clock) {
        return new RecentSessionSweepSchedule(fileSessionStore, xxc.recentSessionAge(), clock);
    }

    @Bean
    public ChatMemberStore fileChatMemberStore(DatabaseClient db) {
        return new ChatMemberStore(db);
    }

    @Bean
    public BlobStore fileBlobStore(FileProperties properties, Environment environment) {
        BlobStore store = switch (properties.store()) {
            case LOCAL -> new LocalBlobStore(properties.local().directory() != null
                    ? properties.local().directory()
                    : Path.of(environment.getProperty("xuanxuan.data-dir", "./data"), "files"));
            case MINIO -> minio(properties.minio());
        };
        log.info("files are stored in {}", store.describe());
        return store;
    }

    private static BlobStore minio(FileProperties.Minio minio) {
        if (minio.endpoint() == null || minio.endpoint().isBlank()) {
            throw new IllegalStateException("xuanxuan.files.store=minio needs xuanxuan.files.minio.endpoint "
                    + "(and access-key, secret-key)");
        }
        long partSize = minio.partSize().toBytes();
        if (partSize < MinioBlobStore.MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("xuanxuan.files.minio.part-size must be between 5MB and 2GB");
        }
        return MinioBlobStore.create(minio.endpoint(), minio.accessKey(), minio.secretKey(),
                minio.bucket(), minio.region(), (int) partSize);
    }

    @Bean
    public FileMetrics fileMetrics(ObjectProvider<MeterRegistry> meters) {
        return new FileMetrics(meters.getIfAvailable());
    }

    @Bean
    public FileService fileService(BlobStore fileBlobStore, FileObjectStore files, FileSessionStore sessions,
                                   ChatMemberStore members, FileProperties properties, Clock clock,
                                   FileMetrics metrics) {
        return new FileService(fileBlobStore, files, sessions, members,
                new UploadLimits(properties.maxFileSize().toBytes(), properties.maxFiles()), clock, metrics);
    }

    @Bean
    public OrphanSweep fileOrphanSweep(BlobStore fileBlobStore, FileObjectStore files, FileService fileService,
                                       FileProperties properties, Clock clock) {
        return new OrphanSweep(fileBlobStore, files, fileService.uploadsInFlight(),
                properties.orphans().minAge(), clock);
    }

    @Bean
    public OrphanSweepSchedule fileOrphanSweepSchedule(OrphanSweep fileOrphanSweep, FileProperties properties) {
        return new OrphanSweepSchedule(fileOrphanSweep, properties.orphans().sweepInterval());
    }

    @Bean
    public FileHttpHandler fileHttpHandler(FileService files, FileProperties properties, Clock clock,
                                           ObjectProvider<LegacyTcpListener> tcpListener) {
        FileProperties.Legacy legacy = properties.legacy();
        // the gateway's TCP door when it runs in this process (standalone), asked at each getconfig: it binds later
        IntSupplier listenerPort = () -> {
            LegacyTcpListener listener = tcpListener.getIfAvailable();
            return listener != null ? listener.port() : 0;
        };
        return new FileHttpHandler(files, new LegacyConfig(legacy.ip(), legacy.port(), legacy.version(),
                listenerPort), clock);
    }

    @Bean
    public RouterFunction<ServerResponse> fileRoutes(FileHttpHandler handler) {
        return FileRoutes.routes(handler);
    }

    @Bean
    public AttachGetListHandler attachGetListHandler(FileService files) {
        return new AttachGetListHandler(files);
    }

    @Bean
    public FileEventConsumers fileEventConsumers(MessageBus bus, FileSessionStore sessions, ChatMemberStore members) {
        return new FileEventConsumers(bus, sessions, members);
    }

    @Bean
    public CommandDispatcher fileDispatcher(MessageBus bus, List<CommandHandler> handlers,
                                            List<ConnectionClosedHandler> closedHandlers,
                                            ObjectProvider<MeterRegistry> meters) {
        return new CommandDispatcher(ServiceName.FILE, bus, handlers, closedHandlers, meters.getIfAvailable());
    }
}
