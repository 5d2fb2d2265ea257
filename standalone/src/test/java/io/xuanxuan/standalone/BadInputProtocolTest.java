package io.xuanxuan.standalone;

/** The bad input protocol suite against the standalone server. */
class BadInputProtocolTest extends StandaloneServerTest implements BadInputProtocolSuite {
}
