package io.xuanxuan.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's side of the 2.x clients (xxc-2x-dialect.md), under {@code xuanxuan.xxc}: their encrypted WebSocket
 * door ({@code /xxc/ws}). Presence (/serverInfo) and the file service read the same prefix.
 *
 * @param enabled           whether the door exists; false: no {@code /xxc/ws} route
 * @param secret            the key of the 2.x tokens; every process that issues or checks them must have the same one
 *                          (env {@code XUANXUAN_XXC_SECRET}). Blank: a random one per process (right for standalone)
 * @param ticketMaxAge      a socket URL issued longer ago than this is refused at the handshake (the client logs in
 *                          through /serverInfo again)
 * @param keepaliveInterval how often an encrypted {@code chat/ping} data frame is sent: browsers cannot see WebSocket
 *                          pings, and the 2.x client reconnects after 4 minutes without data
 */
@Validated
@ConfigurationProperties("xuanxuan.xxc")
public record XxcProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String secret,
        @DefaultValue("24h") @NotNull @DurationMin(seconds = 1, message = "must be at least 1s") Duration ticketMaxAge,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1, message = "must be positive") Duration keepaliveInterval) {
}
