package io.xuanxuan.file.domain;

import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.storage.StoredObject;
import io.xuanxuan.file.store.FileObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Removes what a crash (kill -9, power loss) leaves in the blob store: temporary {@code .part} files of writes
 * it interrupted, and objects whose upload never got its row. An upload stores its objects first and writes
 * its rows last, so an object without a row is either such an orphan or an upload still running; the sweep
 * removes only what is older than {@code minAge} and not an upload this process is running
 * ({@link UploadsInFlight}). The age protects uploads of other processes sharing the store.
 *
 * <p>The order of the checks matters: an upload leaves {@link UploadsInFlight} only after its rows are
 * committed, so an object found not in flight and then found without a row has no upload that could still
 * give it one.
 */
public class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    /** What one sweep removed. */
    public record Result(int temporaries, int orphans) {
    }

    private final BlobStore blobs;
    private final FileObjectStore files;
    private final UploadsInFlight inFlight;
    private final Duration minAge;
    private final Clock clock;

    public OrphanSweep(BlobStore blobs, FileObjectStore files, UploadsInFlight inFlight, Duration minAge, Clock clock) {
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("the minimum age of an orphan cannot be negative: " + minAge);
        }
        this.blobs = blobs;
        this.files = files;
        this.inFlight = inFlight;
        this.minAge = minAge;
        this.clock = clock;
    }

    /** One sweep over the whole store, one object at a time. */
    public Mono<Result> sweep() {
        return Mono.defer(() -> {
            Instant cutoff = clock.instant().minus(minAge);
            AtomicInteger temporaries = new AtomicInteger();
            AtomicInteger orphans = new AtomicInteger();
            return blobs.list()
                    .filter(object -> object.lastModified().isBefore(cutoff))
                    .filter(object -> !inFlight.contains(object.key()))
                    .concatMap(object -> object.temporary()
                            ? remove(object).doOnSuccess(ignored -> temporaries.incrementAndGet())
                            : files.hasKey(object.key()).flatMap(hasRow -> hasRow ? Mono.<Void>empty()
                                    : remove(object).doOnSuccess(ignored -> orphans.incrementAndGet())))
                    .then(Mono.fromSupplier(() -> new Result(temporaries.get(), orphans.get())))
                    .doOnNext(result -> {
                        if (result.temporaries() + result.orphans() > 0) {
                            log.info("removed {} temporary files and {} stored files without a row (left by an "
                                            + "interrupted upload or a crash) from the {}", result.temporaries(),
                                    result.orphans(), blobs.describe());
                        }
                    });
        });
    }

    private Mono<Void> remove(StoredObject object) {
        return blobs.remove(object).onErrorResume(e -> {
            log.warn("cannot remove {} from the {}: {}", object.name(), blobs.describe(), e.toString());
            return Mono.empty();
        });
    }
}
