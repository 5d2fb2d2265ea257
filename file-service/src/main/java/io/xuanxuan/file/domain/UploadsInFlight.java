package io.xuanxuan.file.domain;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The object keys of the uploads this process is running: from the moment a key is chosen until the
 * upload's rows are committed or the upload is discarded. An object of such a key has no row yet, but it is
 * not an orphan: the {@link OrphanSweep} leaves it alone.
 */
public final class UploadsInFlight {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    void add(String key) {
        keys.add(key);
    }

    void removeAll(Collection<String> done) {
        keys.removeAll(done);
    }

    public boolean contains(String key) {
        return keys.contains(key);
    }

    public int size() {
        return keys.size();
    }
}
