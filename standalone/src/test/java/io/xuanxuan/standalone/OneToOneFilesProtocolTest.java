package io.xuanxuan.standalone;

/** Files of one-to-one chats under either gid order, against the standalone server. */
class OneToOneFilesProtocolTest extends FileServerTest implements OneToOneFilesProtocolSuite {
}
