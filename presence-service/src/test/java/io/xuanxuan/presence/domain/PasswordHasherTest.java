package io.xuanxuan.presence.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4);
    private final String clientMd5 = PasswordHasher.md5("123456");

    @Test
    void storesASaltedBcryptOfTheClientMd5NeverTheMd5Itself() {
        String first = hasher.hash(clientMd5);
        String second = hasher.hash(clientMd5);
        assertThat(first).startsWith("$2").doesNotContain(clientMd5);
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify(clientMd5, "alice", first)).isEqualTo(PasswordHasher.Verdict.MATCH);
        assertThat(hasher.verify(clientMd5.toUpperCase(), "alice", first)).isEqualTo(PasswordHasher.Verdict.MATCH);
        assertThat(hasher.verify(PasswordHasher.md5("1234567"), "alice", first))
                .isEqualTo(PasswordHasher.Verdict.NO_MATCH);
    }

    @Test
    void acceptsLegacyRanzhiHashesForTheirOwnAccountOnly() {
        String legacy = PasswordHasher.md5(clientMd5 + "lena");
        assertThat(hasher.verify(clientMd5, "lena", legacy)).isEqualTo(PasswordHasher.Verdict.MATCH_LEGACY);
        assertThat(hasher.verify(clientMd5, "other", legacy)).isEqualTo(PasswordHasher.Verdict.NO_MATCH);
        assertThat(hasher.verify(PasswordHasher.md5("x"), "lena", legacy)).isEqualTo(PasswordHasher.Verdict.NO_MATCH);
        // the md5 itself is not a password: sending the stored legacy hash does not log in
        assertThat(hasher.verify(legacy, "lena", legacy)).isEqualTo(PasswordHasher.Verdict.NO_MATCH);
    }

    @Test
    void knownMd5() {
        assertThat(PasswordHasher.md5("123456")).isEqualTo("e10adc3949ba59abbe56e057f20f883e");
    }
}
