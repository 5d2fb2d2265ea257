package io.xuanxuan.standalone;

/** The user methods protocol suite against the standalone server, over the 1.0 client's TCP door. */
class UserMethodsProtocolTcpTest extends StandaloneTcpServerTest implements UserMethodsProtocolSuite {
}
