package io.xuanxuan.standalone;

/** The refusal file suite against the standalone server. */
class FileRefusalProtocolTest extends FileServerTest implements FileRefusalProtocolSuite {
}
