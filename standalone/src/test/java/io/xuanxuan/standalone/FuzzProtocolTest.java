package io.xuanxuan.standalone;

/** The fuzz suite against the standalone server. */
class FuzzProtocolTest extends StandaloneServerTest implements FuzzProtocolSuite {
}
