package io.xuanxuan.standalone;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Notices of internal systems on the standalone server's in-process bus. */
class BroadcastProtocolTest extends StandaloneServerTest implements InProcessBroadcastSuite {

    @RegisterExtension
    final InProcessBroadcasts broadcasts = new InProcessBroadcasts();

    @Override
    public InProcessBroadcasts broadcasts() {
        return broadcasts;
    }
}
