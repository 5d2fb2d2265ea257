package io.xuanxuan.distributed;

import io.xuanxuan.standalone.OneToOneFilesProtocolSuite;

/** Files of one-to-one chats under either gid order, against the file service running apart, on S3. */
class DistributedOneToOneFilesTest extends DistributedFileServerTest implements OneToOneFilesProtocolSuite {
}
