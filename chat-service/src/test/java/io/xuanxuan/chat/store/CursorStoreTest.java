package io.xuanxuan.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.bus.CursorBatch.Advance;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cursors move forward only, whatever the order and number of times batches arrive, on both engines. */
class CursorStoreTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void replayedAndReorderedBatchesLeaveTheHighestSeq(Engine engine) {
        CursorStore cursors = new CursorStore(TestDatabases.create(engine, "chat"));
        List<Advance> early = List.of(new Advance(1, "a", 5), new Advance(2, "a", 3), new Advance(1, "b", 9));
        // one batch may name a cursor twice (two connections of the user); the higher wins
        List<Advance> late = List.of(new Advance(1, "a", 7), new Advance(1, "a", 6), new Advance(2, "b", 2),
                new Advance(1, "b", 4));

        cursors.advance(late).block();
        cursors.advance(early).block();
        cursors.advance(late).block();
        cursors.advance(early).block();

        assertThat(cursors.cursor(1, "a").block()).isEqualTo(7);
        assertThat(cursors.cursor(2, "a").block()).isEqualTo(3);
        assertThat(cursors.cursor(1, "b").block()).isEqualTo(9);
        assertThat(cursors.cursor(2, "b").block()).isEqualTo(2);
        assertThat(cursors.cursor(3, "a").block()).as("no row: nothing read").isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBatchLargerThanOneStatementIsAppliedWhole(Engine engine) {
        CursorStore cursors = new CursorStore(TestDatabases.create(engine, "chat"));
        int users = CursorStore.MAX_ROWS_PER_STATEMENT * 2 + 7;
        cursors.advance(java.util.stream.LongStream.rangeClosed(1, users)
                .mapToObj(user -> new Advance(user, "big", user)).toList()).block();
        assertThat(cursors.cursor(1, "big").block()).isEqualTo(1);
        assertThat(cursors.cursor(users, "big").block()).isEqualTo(users);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void startingAtAnEndNeverMovesACursorBack(Engine engine) {
        CursorStore cursors = new CursorStore(TestDatabases.create(engine, "chat"));
        cursors.advance(List.of(new Advance(1, "a", 8))).block();
        cursors.startAt("a", List.of(1L, 2L), 5).block();
        assertThat(cursors.cursor(1, "a").block()).isEqualTo(8);
        assertThat(cursors.cursor(2, "a").block()).isEqualTo(5);
    }

    @org.junit.jupiter.api.Test
    void advancesAreMergedPerCursorAndSortedByUserAndChat() {
        assertThat(CursorStore.highestPerCursor(List.of(new Advance(2, "a", 1), new Advance(1, "b", 3),
                new Advance(1, "a", 4), new Advance(1, "b", 2))))
                .containsExactly(new Advance(1, "a", 4), new Advance(1, "b", 3), new Advance(2, "a", 1));
    }
}
