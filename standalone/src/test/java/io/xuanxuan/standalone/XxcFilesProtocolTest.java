package io.xuanxuan.standalone;

/** The 2.x files suite against the standalone server. */
class XxcFilesProtocolTest extends StandaloneXxcServerTest implements XxcFilesProtocolSuite {
}
