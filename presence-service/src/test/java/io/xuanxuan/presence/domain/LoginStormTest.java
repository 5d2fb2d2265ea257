package io.xuanxuan.presence.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.presence.PresenceFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A login storm: password verification is bounded (threads plus a wait queue), and a login beyond the
 * bound is refused at once with "busy, try again" instead of waiting behind the others.
 */
public class LoginStormTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A hasher whose verifications hold until released: a storm frozen in place, without timing. */
    public static final class GatedHasher extends PasswordHasher {
        public final CountDownLatch gate = new CountDownLatch(1);

        public GatedHasher() {
            super(4);
        }

        @Override
        public Verdict verify(String clientMd5, String account, String stored) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.verify(clientMd5, account, stored);
        }
    }

    private final PresenceFixture presence = new PresenceFixture();

    @AfterEach
    void close() {
        presence.close();
    }

    @Test
    void loginsBeyondTheBoundAreRefusedPromptlyAndTheOthersSucceed() throws Exception {
        long before = presence.account("early");
        // a session from before the storm, to show the rest of presence keeps working during it
        presence.login("early", "gw", "gw-0");
        GatedHasher stormHasher = new GatedHasher();
        // one verification at a time, two waiting
        try (PresenceFixture storm = new PresenceFixture(stormHasher, 1, 2)) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                names.add("user" + i);
                storm.account("user" + i);
            }
            List<CompletableFuture<LoginResult>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(login(storm, names.get(i), "gw-a" + i));
            }
            awaitFrozen(storm.work, 1, 2);

            // the bound is reached: every further login is answered now, while the others still wait
            for (int i = 3; i < 8; i++) {
                LoginResult refused = login(storm, names.get(i), "gw-b" + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(refused).isInstanceOf(LoginResult.Failure.class);
                assertThat(((LoginResult.Failure) refused).message())
                        .contains("busy").contains("try again in a few seconds");
            }
            assertThat(admitted).noneMatch(CompletableFuture::isDone);
            // nothing else waits for the password threads: ending a session still works
            assertThat(presence.presenceSessions.connectionClosed(before, "gw-0").block(WAIT)).isNotNull();

            stormHasher.gate.countDown();
            for (CompletableFuture<LoginResult> login : admitted) {
                assertThat(login.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(LoginResult.Success.class);
            }
            // and a refused client that retries once the storm passed gets in
            assertThat(login(storm, names.get(5), "gw-c5").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(LoginResult.Success.class);
        } finally {
            stormHasher.gate.countDown();
        }
    }

    @Test
    void aLoginThatWaitedOnTheBusLongerThanTheMaxWaitIsRefusedWithoutPasswordWork() throws Exception {
        GatedHasher stormHasher = new GatedHasher();
        try (PresenceFixture storm = new PresenceFixture(stormHasher, 1, 2)) {
            storm.account("late");
            long receivedLongAgo = System.currentTimeMillis() - Duration.ofMinutes(1).toMillis();
            // the gate is closed: a login that reached the password work would hang here
            LoginResult late = storm.logins.login("late", PresenceFixture.PASSWORD, UserStatus.ONLINE, "gw", "gw-1",
                    receivedLongAgo).toFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(late).isInstanceOf(LoginResult.Failure.class);
            assertThat(((LoginResult.Failure) late).message()).contains("busy").contains("try again");
            assertThat(storm.work.running() + storm.work.waiting()).isZero();
        } finally {
            stormHasher.gate.countDown();
        }
    }

    private static CompletableFuture<LoginResult> login(PresenceFixture fixture, String account, String connection) {
        return fixture.logins.login(account, PresenceFixture.PASSWORD, UserStatus.ONLINE, "gw", connection).toFuture();
    }

    /** Waits until the password work is exactly at its bound (a condition, not a duration). */
    private static void awaitFrozen(PasswordWork work, int running, int waiting) {
        Awaitility.await("password work at its bound").atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(new int[] {work.running(), work.waiting()})
                        .containsExactly(running, waiting));
    }
}
