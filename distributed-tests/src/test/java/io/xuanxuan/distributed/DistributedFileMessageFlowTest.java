package io.xuanxuan.distributed;

import io.xuanxuan.standalone.FileMessageFlowProtocolSuite;

/** The FileMessageFlow suite against the file service running apart, on S3. */
class DistributedFileMessageFlowTest extends DistributedFileServerTest implements FileMessageFlowProtocolSuite {
}
