package io.xuanxuan.standalone;

/** The FileMessageFlow file suite against the standalone server: uploads over HTTP, the chat side over the 1.0 client's TCP door. */
class FileMessageFlowProtocolTcpTest extends FileServerTcpTest implements FileMessageFlowProtocolSuite {
}
