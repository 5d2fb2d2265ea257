package io.xuanxuan.standalone;

/**
 * The fuzz suite against the standalone server over the 1.0 client's TCP door: the cases a line can carry (see
 * {@link ProtocolFuzzer}), 5,000 a run by default (the WebSocket run throws 20,000, most of what differs is
 * framing; {@code -Dxx.fuzz.frames=N} sets both).
 */
class FuzzProtocolTcpTest extends StandaloneTcpServerTest implements FuzzProtocolSuite {

    @Override
    public int fuzzFrames() {
        return Integer.getInteger("xx.fuzz.frames", 5_000);
    }
}
