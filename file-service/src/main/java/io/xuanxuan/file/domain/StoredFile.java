package io.xuanxuan.file.domain;

import io.xuanxuan.model.objects.FileInfo;

/** A row of {@code file_object}: a file of a chat and where its bytes are. */
public record StoredFile(long id, String gid, String objectKey, String title, long size, String type, long addedBy,
                         long addedDate) {

    public FileInfo toInfo() {
        return new FileInfo(id, title, size, addedBy, addedDate, type);
    }

    public StoredFile withId(long newId) {
        return new StoredFile(newId, gid, objectKey, title, size, type, addedBy, addedDate);
    }
}
