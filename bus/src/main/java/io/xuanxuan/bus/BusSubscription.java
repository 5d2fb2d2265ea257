package io.xuanxuan.bus;

/** A running subscription of a consumer group; {@link #close()} stops it. */
public interface BusSubscription extends AutoCloseable {
    @Override
    void close();
}
