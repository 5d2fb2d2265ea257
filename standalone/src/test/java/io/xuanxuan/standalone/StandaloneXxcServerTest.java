package io.xuanxuan.standalone;

/**
 * The 2.x suites against the standalone server: {@code /serverInfo}, {@code /upload}, {@code /download} and the
 * encrypted door on its one HTTP port, the socket URL used as handed out. The context of
 * {@link StandaloneTcpServerTest} (shared, not a new one): the suites' 1.0 users need its TCP door.
 */
abstract class StandaloneXxcServerTest extends StandaloneTcpServerTest implements XxcProtocolSupport {

    @Override
    public String serverInfoBase() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String fileBase() {
        return serverInfoBase();
    }
}
