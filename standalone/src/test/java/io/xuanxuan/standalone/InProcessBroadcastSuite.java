package io.xuanxuan.standalone;

import java.util.List;

/**
 * {@link BroadcastProtocolSuite} against the standalone server: a class registers an {@link InProcessBroadcasts}
 * ({@code @RegisterExtension}) and hands it out here; notices and dead letters go through it.
 */
interface InProcessBroadcastSuite extends BroadcastProtocolSuite {

    InProcessBroadcasts broadcasts();

    @Override
    default void publishBroadcast(String json) {
        broadcasts().publish(json);
    }

    @Override
    default List<String> broadcastDeadLetterReasons() {
        return broadcasts().deadLetterReasons();
    }
}
