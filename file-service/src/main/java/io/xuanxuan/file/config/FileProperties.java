package io.xuanxuan.file.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the file service ({@code xuanxuan.files.*}); checked when bound.
 *
 * @param store       where file contents are kept: {@code local} (a directory) or {@code minio} (MinIO or any
 *                    S3-compatible store)
 * @param maxFileSize largest file an upload may carry; larger is refused with 413 while it streams
 * @param maxFiles    most files one upload request may carry
 */
@Validated
@ConfigurationProperties("xuanxuan.files")
public record FileProperties(
        @DefaultValue("local") @NotNull Store store,
        @DefaultValue("32MB") @NotNull DataSize maxFileSize,
        @DefaultValue("20") @Min(1) int maxFiles,
        @DefaultValue @Valid Local local,
        @DefaultValue @Valid Minio minio,
        @DefaultValue @Valid Legacy legacy,
        @DefaultValue @Valid Orphans orphans) {

    public enum Store { LOCAL, MINIO }

    /**
     * The sweep of what a crash leaves in the store: temporary files, and objects whose upload got no row.
     *
     * @param minAge        only what is older than this is removed (an upload of another process may still be
     *                      running)
     * @param sweepInterval how often the sweep runs after the one at start-up; 0: only at start-up
     */
    public record Orphans(
            @DefaultValue("1h") @NotNull @DurationMin(nanos = 0, message = "must be 0 or more") Duration minAge,
            @DefaultValue("1h") @NotNull @DurationMin(nanos = 0, message = "must be 0 or more")
            Duration sweepInterval) {
    }

    /** @param directory the directory of the local store; default {@code ${xuanxuan.data-dir}/files}. Created if missing. */
    public record Local(Path directory) {
    }

    /**
     * The MinIO (S3) store; {@code endpoint} and the part size are checked when the store is chosen.
     *
     * @param endpoint URL of the S3 API, e.g. http://minio:9000
     * @param bucket   bucket of the files; created if missing
     * @param region   region of the bucket; empty: ask the store
     * @param partSize size of the parts of a multipart upload (at least 5MB); at most two per upload are in memory
     */
    public record Minio(String endpoint, String accessKey, String secretKey,
                        @DefaultValue("xuanxuan-files") @NotBlank String bucket,
                        String region,
                        @DefaultValue("5MB") @NotNull DataSize partSize) {

        public Minio {
            region = region == null ? "" : region;
        }
    }

    /**
     * What {@code /index.php?mode=getconfig} tells the real 1.0 client.
     *
     * @param ip      host of the legacy TCP listener; empty: the host the request was sent to
     * @param port    port of the legacy TCP listener; 0: the port the request was sent to (the HTTP port)
     * @param version the server version reported
     */
    public record Legacy(String ip, @DefaultValue("0") @Min(0) int port,
                         @DefaultValue("1.0.0") @NotBlank String version) {

        public Legacy {
            ip = ip == null ? "" : ip;
        }
    }
}
