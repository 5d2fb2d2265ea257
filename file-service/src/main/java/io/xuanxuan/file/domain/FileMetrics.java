package io.xuanxuan.file.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The file service's meters, if the application has a registry: {@code xuanxuan.files.uploads} (files
 * stored), {@code xuanxuan.files.upload.bytes}, {@code xuanxuan.files.downloads} (responses with a body,
 * tag {@code range} true/false), {@code xuanxuan.files.download.bytes} (bytes sent),
 * {@code xuanxuan.files.refusals} (tag {@code reason}, e.g. {@code too-large}).
 */
public class FileMetrics {

    private final MeterRegistry registry;
    private final Counter uploads;
    private final Counter uploadBytes;
    private final Counter downloadBytes;

    public FileMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.uploads = registry == null ? null : Counter.builder("xuanxuan.files.uploads")
                .description("Files stored by uploads").register(registry);
        this.uploadBytes = registry == null ? null : Counter.builder("xuanxuan.files.upload.bytes")
                .description("Bytes of the files stored by uploads").baseUnit("bytes").register(registry);
        this.downloadBytes = registry == null ? null : Counter.builder("xuanxuan.files.download.bytes")
                .description("Bytes of file content sent by downloads").baseUnit("bytes").register(registry);
    }

    public static FileMetrics none() {
        return new FileMetrics(null);
    }

    public void uploaded(long bytes) {
        if (registry != null) {
            uploads.increment();
            uploadBytes.increment(bytes);
        }
    }

    public void download(boolean range) {
        if (registry != null) {
            Counter.builder("xuanxuan.files.downloads").description("Downloads answered with file content")
                    .tag("range", String.valueOf(range)).register(registry).increment();
        }
    }

    public void downloadBytes(long bytes) {
        if (registry != null) {
            downloadBytes.increment(bytes);
        }
    }

    public void refused(FileRequestRefusedException.Reason reason) {
        if (registry != null) {
            Counter.builder("xuanxuan.files.refusals").description("File requests refused, by reason")
                    .tag("reason", reason.tag()).register(registry).increment();
        }
    }
}
