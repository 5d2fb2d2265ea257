package io.xuanxuan.presence.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedCredentialsTest {

    private static final String MD5 = PasswordHasher.md5("123456");
    private static final String HASH = "$2a$10$storedhashstoredhashstoredhashstoredhashstoredhashst";

    private final MutableClock clock = new MutableClock();
    private final VerifiedCredentials verified = new VerifiedCredentials(Duration.ofMinutes(10), 2, clock);

    @Test
    void confirmsOnlyWhatWasRemembered() {
        assertThat(verified.confirms(1, MD5, HASH)).isFalse();
        verified.remember(1, MD5, HASH);
        assertThat(verified.confirms(1, MD5, HASH)).isTrue();
        // uppercase hex is the same digest, as for bcrypt verification
        assertThat(verified.confirms(1, MD5.toUpperCase(), HASH)).isTrue();
        assertThat(verified.confirms(1, PasswordHasher.md5("654321"), HASH)).isFalse();
        assertThat(verified.confirms(2, MD5, HASH)).isFalse();
    }

    @Test
    void aChangedStoredHashNoLongerMatches() {
        verified.remember(1, MD5, HASH);
        assertThat(verified.confirms(1, MD5, HASH + "x")).isFalse();
    }

    @Test
    void entriesExpireAfterTheTtl() {
        verified.remember(1, MD5, HASH);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(verified.confirms(1, MD5, HASH)).isFalse();
        assertThat(verified.size()).isZero();
    }

    @Test
    void forgetAndBoundAndOff() {
        verified.remember(1, MD5, HASH);
        verified.forget(1);
        assertThat(verified.confirms(1, MD5, HASH)).isFalse();

        verified.remember(1, MD5, HASH);
        verified.remember(2, MD5, HASH);
        verified.remember(3, MD5, HASH);
        // at most two remembered (which one goes is the cache's choice); the others take bcrypt again
        assertThat(verified.size()).isEqualTo(2);
        assertThat(java.util.stream.LongStream.of(1, 2, 3).filter(id -> verified.confirms(id, MD5, HASH)).count())
                .isEqualTo(2);

        VerifiedCredentials off = new VerifiedCredentials(Duration.ZERO, 10, clock);
        off.remember(1, MD5, HASH);
        assertThat(off.confirms(1, MD5, HASH)).isFalse();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
