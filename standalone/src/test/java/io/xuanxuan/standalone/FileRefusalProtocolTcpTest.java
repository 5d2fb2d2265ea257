package io.xuanxuan.standalone;

/** The FileRefusal file suite against the standalone server: uploads over HTTP, the chat side over the 1.0 client's TCP door. */
class FileRefusalProtocolTcpTest extends FileServerTcpTest implements FileRefusalProtocolSuite {
}
