package io.xuanxuan.model.xxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class XxcTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private final XxcTokens tokens = XxcTokens.of("a secret of this deployment");

    @Test
    void aTokenIs32UrlSafeCharactersAndItsTicketGivesItBack() {
        XxcTokens.Issued issued = tokens.issue(7, NOW);
        assertThat(issued.token()).hasSize(32).matches("[A-Za-z0-9_-]{32}").startsWith(issued.ticket());
        assertThat(issued.ticket()).hasSize(12);
        assertThat(XxcTokens.issuedAt(issued.ticket())).contains(NOW);
        assertThat(tokens.tokenFor(7, issued.ticket(), NOW.plusSeconds(30), Duration.ofHours(1)))
                .contains(issued.token());
        assertThat(tokens.verify(7, issued.token())).isTrue();
        assertThat(tokens.issue(7, NOW).token()).as("one token per login").isNotEqualTo(issued.token());
    }

    @Test
    void anotherUserAnotherSecretOrAnOldTicketDoNotGiveTheToken() {
        XxcTokens.Issued issued = tokens.issue(7, NOW);
        assertThat(tokens.tokenFor(8, issued.ticket(), NOW, Duration.ofHours(1))).get().isNotEqualTo(issued.token());
        assertThat(tokens.verify(8, issued.token())).isFalse();
        assertThat(XxcTokens.of("another secret, same length..").verify(7, issued.token())).isFalse();
        assertThat(tokens.tokenFor(7, issued.ticket(), NOW.plus(Duration.ofHours(2)), Duration.ofHours(1))).isEmpty();
        assertThat(tokens.tokenFor(7, issued.ticket(), NOW.minus(Duration.ofMinutes(5)), Duration.ofHours(1)))
                .as("issued in the future").isEmpty();
        assertThat(tokens.verify(7, issued.token(), NOW.plus(Duration.ofHours(2)), Duration.ofHours(1))).isFalse();
        assertThat(tokens.tokenFor(7, "not a ticket", NOW, Duration.ofHours(1))).isEmpty();
        assertThat(tokens.tokenFor(7, "%%%%%%%%%%%%", NOW, Duration.ofHours(1))).isEmpty();
        char[] flipped = issued.token().toCharArray();
        flipped[31] = flipped[31] == 'A' ? 'B' : 'A';
        assertThat(tokens.verify(7, new String(flipped))).isFalse();
        assertThat(tokens.verify(7, null)).isFalse();
    }

    @Test
    void aBlankSecretIsOnePerProcessAndAShortOneIsRefused() {
        XxcTokens.Issued issued = XxcTokens.of("").issue(3, NOW);
        assertThat(XxcTokens.of(null).verify(3, issued.token())).isTrue();
        assertThat(XxcTokens.of(" ").processLocal()).isTrue();
        assertThat(tokens.processLocal()).isFalse();
        assertThatThrownBy(() -> XxcTokens.of("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
    }

    @Test
    void theCipherRoundTripsAndRefusesAnotherKeyOrABrokenFrame() throws Exception {
        String token = tokens.issue(7, NOW).token();
        XxcCipher cipher = new XxcCipher(token);
        byte[] plain = "{\"module\":\"chat\",\"method\":\"ping\"} 中文".getBytes(StandardCharsets.UTF_8);
        byte[] encrypted = cipher.encrypt(plain);
        assertThat(encrypted.length % 16).isZero();
        assertThat(cipher.decrypt(encrypted)).isEqualTo(plain);
        assertThat(new XxcCipher(token).encrypt(plain)).as("same key and IV, same bytes").isEqualTo(encrypted);

        XxcCipher other = new XxcCipher(tokens.issue(7, NOW).token());
        assertThatThrownBy(() -> other.decrypt(encrypted)).isInstanceOf(XxcCipher.UndecryptableException.class);
        assertThatThrownBy(() -> cipher.decrypt(java.util.Arrays.copyOf(encrypted, encrypted.length - 1)))
                .isInstanceOf(XxcCipher.UndecryptableException.class).hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> cipher.decrypt(new byte[0])).isInstanceOf(XxcCipher.UndecryptableException.class);
        assertThatThrownBy(() -> new XxcCipher("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSocketUrlCarriesUserAndTicket() {
        assertThat(XxcDoor.socketUrl("ws://h:8080/xxc/ws", 12, "AbC-_dEf0123"))
                .isEqualTo("ws://h:8080/xxc/ws?user=12&ticket=AbC-_dEf0123");
        assertThat(XxcDoor.socketUrl("wss://h/xxc/ws?x=1", 12, "t")).isEqualTo("wss://h/xxc/ws?x=1&user=12&ticket=t");
    }
}
