package io.xuanxuan.file.domain;

/**
 * Limits of one upload request.
 *
 * @param maxFileSize   largest file, in bytes (larger: 413, checked while the bytes arrive)
 * @param maxFiles      most files in one request
 */
public record UploadLimits(long maxFileSize, int maxFiles) {

    public UploadLimits {
        if (maxFileSize <= 0 || maxFiles <= 0) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }
}
