package io.xuanxuan.standalone;

/** The bad input protocol suite against the standalone server, over the 1.0 client's TCP door. */
class BadInputProtocolTcpTest extends StandaloneTcpServerTest implements BadInputProtocolSuite {
}
