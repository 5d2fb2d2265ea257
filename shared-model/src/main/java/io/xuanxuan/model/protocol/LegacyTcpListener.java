package io.xuanxuan.model.protocol;

/**
 * The gateway's legacy TCP door (1.0 clients) as another part of the same process sees it: {@code getconfig}
 * (file service) tells the 1.0 client this port when no public port is configured, so the standalone server
 * needs no setting for it. A bean only where the gateway runs in the process with its TCP door on.
 */
public interface LegacyTcpListener {

    /** The port the door listens on, or 0 if it does not (yet). */
    int port();
}
