package io.xuanxuan.standalone;

/** The login protocol suite against the standalone server, over the 1.0 client's TCP door. */
class LoginProtocolTcpTest extends StandaloneTcpServerTest implements LoginProtocolSuite {
}
