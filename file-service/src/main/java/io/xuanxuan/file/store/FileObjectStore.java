package io.xuanxuan.file.store;

import io.r2dbc.spi.Readable;
import io.xuanxuan.file.domain.StoredFile;
import io.xuanxuan.model.objects.OneToOneGid;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code file_object} table: one row per stored file. */
public class FileObjectStore {

    private static final String COLUMNS = "id, gid, object_key, title, size, type, added_by, added_date";

    private final DatabaseClient db;

    public FileObjectStore(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the file (its id is ignored) and returns it with the new id. */
    public Mono<StoredFile> insert(StoredFile file) {
        return db.sql("INSERT INTO file_object (gid, object_key, title, size, type, added_by, added_date) "
                        + "VALUES (:gid, :key, :title, :size, :type, :addedBy, :addedDate)")
                .bind("gid", file.gid())
                .bind("key", file.objectKey())
                .bind("title", file.title())
                .bind("size", file.size())
                .bind("type", file.type())
                .bind("addedBy", file.addedBy())
                .bind("addedDate", file.addedDate())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(file::withId);
    }

    public Mono<StoredFile> find(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM file_object WHERE id = :id")
                .bind("id", id)
                .map(FileObjectStore::toFile)
                .one();
    }

    /** A chat's files, oldest first. */
    public Flux<StoredFile> ofChat(String gid) {
        // a one-to-one chat's files may have been uploaded under either order of its gid (OneToOneGid)
        return db.sql("SELECT " + COLUMNS + " FROM file_object WHERE gid IN (:gids) ORDER BY id")
                .bind("gids", OneToOneGid.names(gid))
                .map(FileObjectStore::toFile)
                .all();
    }

    /** Whether a row refers to this object key (the orphan sweep keeps the object if so). */
    public Mono<Boolean> hasKey(String objectKey) {
        return db.sql("SELECT COUNT(*) AS n FROM file_object WHERE object_key = :key")
                .bind("key", objectKey)
                .map(row -> row.get("n", Long.class))
                .one()
                .map(count -> count > 0);
    }

    public Mono<Boolean> delete(long id) {
        return db.sql("DELETE FROM file_object WHERE id = :id").bind("id", id)
                .fetch().rowsUpdated().map(rows -> rows > 0);
    }

    public Mono<Long> count() {
        return db.sql("SELECT COUNT(*) AS n FROM file_object").map(row -> row.get("n", Long.class)).one();
    }

    private static StoredFile toFile(Readable row) {
        return new StoredFile(row.get("id", Long.class), row.get("gid", String.class),
                row.get("object_key", String.class), row.get("title", String.class), row.get("size", Long.class),
                row.get("type", String.class), row.get("added_by", Long.class), row.get("added_date", Long.class));
    }
}
