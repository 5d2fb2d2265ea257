package io.xuanxuan.bus.inprocess;

/** A published record and its key, as it waits in a partition queue (the record object itself, not a copy). */
record Envelope(String key, Object record) {
}
