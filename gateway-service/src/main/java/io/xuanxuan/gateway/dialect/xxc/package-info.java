/**
 * The 2.x clients' encrypted door ({@code /xxc/ws}, xxc-2x-dialect.md section A), read in this order:
 * <ol>
 *   <li>{@link io.xuanxuan.gateway.dialect.xxc.EncryptedDoor}: the handshake (the socket URL's user and ticket give
 *       the AES key, {@link io.xuanxuan.model.xxc.XxcTokens#tokenFor}; none or a stale one: HTTP 401);</li>
 *   <li>{@link io.xuanxuan.gateway.dialect.xxc.EncryptedSocket}: one socket: a binary frame is decrypted
 *       ({@link io.xuanxuan.model.xxc.XxcCipher}), refused with a close when it cannot be, and translated;</li>
 *   <li>{@link io.xuanxuan.gateway.dialect.xxc.XxcInbound}: a 2.x request becomes this server's request (or the
 *       door's own answer), which then goes through the same {@link io.xuanxuan.gateway.command.CommandGate} as
 *       every other door's;</li>
 *   <li>{@link io.xuanxuan.gateway.dialect.xxc.XxcOutbound}: every frame written to the connection becomes the 2.x
 *       shape, and {@link io.xuanxuan.gateway.dialect.xxc.EncryptedWire} encrypts it into one binary frame.</li>
 * </ol>
 * The services never know which door a client came through.
 */
package io.xuanxuan.gateway.dialect.xxc;
