package io.xuanxuan.standalone;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notices of internal systems on the standalone server's in-process bus. */
class BroadcastProtocolTest extends StandaloneServerTest implements BroadcastProtocolSuite {

    @RegisterExtension
    final InProcessBroadcasts broadcasts = new InProcessBroadcasts();

    @Override
    public void publishBroadcast(String json) {
        broadcasts.publish(json);
    }

    @Override
    public List<String> broadcastDeadLetterReasons() {
        return broadcasts.deadLetterReasons();
    }
}
