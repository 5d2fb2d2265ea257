package io.xuanxuan.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.presence.PresenceFixture;
import io.xuanxuan.service.command.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * logout and a closed connection end a session only on the connection that holds it: after a duplicate
 * login, the replaced connection's late logout or close must not take the user offline.
 */
class LogoutHandlerTest {

    private final PresenceFixture presence = new PresenceFixture();
    private final LogoutHandler logout = new LogoutHandler(presence.sessionEnd, presence.directory);
    private final PresenceConnectionClosedHandler closed = new PresenceConnectionClosedHandler(presence.sessionEnd);

    @AfterEach
    void close() {
        presence.close();
    }

    @Test
    void aLogoutFromAReplacedConnectionOnlyClosesItAndTheUserStaysOnline() {
        long carol = presence.account("carol");
        presence.login("carol", "gw", "gw-old");
        presence.login("carol", "gw", "gw-new");

        Outcome late = logout.handle(logoutFrom(carol, "gw-old")).block();

        assertThat(PresenceFixture.closes(late, "gw-old")).as("the replaced connection is closed").isTrue();
        assertThat(PresenceFixture.pushed(late, Methods.LOGOUT)).as("no logout push").isEmpty();
        assertThat(PresenceFixture.events(late)).as("no OFFLINE event").isEmpty();
        assertThat(presence.status(carol)).isEqualTo("online");
        assertThat(presence.sessions.find(carol).block().connectionId()).isEqualTo("gw-new");

        Outcome real = logout.handle(logoutFrom(carol, "gw-new")).block();

        assertThat(PresenceFixture.closes(real, "gw-new")).isTrue();
        assertThat(PresenceFixture.pushed(real, Methods.LOGOUT)).containsExactly("carol");
        assertThat(PresenceFixture.events(real)).extracting(PresenceEvent::type)
                .containsExactly(PresenceEvent.Type.OFFLINE);
        assertThat(presence.status(carol)).isEqualTo("offline");
        assertThat(presence.sessions.find(carol).blockOptional()).isEmpty();
    }

    @Test
    void theCloseOfAReplacedConnectionLeavesTheUserOnlineAndTheCloseOfTheLiveOneDoesNot() {
        long dave = presence.account("dave");
        presence.login("dave", "gw", "gw-1");
        presence.login("dave", "gw", "gw-2");

        Outcome stale = closed.connectionClosed(Command.connectionClosed("c1", "gw", "gw-1", dave, 1L)).block();
        assertThat(PresenceFixture.events(stale)).isEmpty();
        assertThat(presence.status(dave)).isEqualTo("online");

        Outcome live = closed.connectionClosed(Command.connectionClosed("c2", "gw", "gw-2", dave, 2L)).block();
        assertThat(PresenceFixture.events(live)).extracting(PresenceEvent::type)
                .containsExactly(PresenceEvent.Type.OFFLINE);
        assertThat(PresenceFixture.pushed(live, Methods.LOGOUT)).as("a dropped connection pushes nothing").isEmpty();
        assertThat(presence.status(dave)).isEqualTo("offline");
    }

    private static Command logoutFrom(long userId, String connectionId) {
        return Command.request("cmd-" + connectionId, "gw", connectionId, userId,
                new Request("chat", "logout", null, "sid", null), 1L);
    }
}
