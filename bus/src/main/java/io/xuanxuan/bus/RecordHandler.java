package io.xuanxuan.bus;

import reactor.core.publisher.Mono;

/** Handles one record; the returned Mono completing means "processed, commit it". */
@FunctionalInterface
public interface RecordHandler<T> {
    Mono<Void> handle(T record);
}
