package io.xuanxuan.chat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-user delivery budget on a clock the test moves: no timing involved. */
class DeliveryBudgetTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** 100 deliveries a second, 1,000 at once. */
    private final DeliveryBudget budget = new DeliveryBudget(100, 1000, nanos::get, meters);

    private double refusedRequests() {
        return meters.counter("xuanxuan.chat.delivery.budget.refused.requests").count();
    }

    @Test
    void aRequestCostsMessagesTimesRecipientsAndOneAboveTheBurstIsNeverAccepted() {
        assertThatThrownBy(() -> budget.charge(1, 100, 11)).isInstanceOf(RuleRefusal.class)
                .hasMessageContaining("1100 deliveries (100 message(s) to 11 recipient(s))")
                .hasMessageContaining("at most 1000");
        budget.charge(1, 100, 10);
        assertThat(refusedRequests()).isEqualTo(1);
        assertThat(meters.counter("xuanxuan.chat.delivery.budget.refused.deliveries").count()).isEqualTo(1100);
    }

    @Test
    void aDrainedBudgetRefusesTakesNothingForTheRefusalAndRefillsAtItsRate() {
        budget.charge(7, 90, 10);
        assertThatThrownBy(() -> budget.charge(7, 20, 10)).hasMessageContaining("Wait a moment");
        budget.charge(7, 10, 10);
        assertThatThrownBy(() -> budget.charge(7, 1, 1)).as("empty").isInstanceOf(RuleRefusal.class);
        budget.charge(8, 100, 10);
        assertThat(refusedRequests()).as("users have their own budgets").isEqualTo(2);

        nanos.addAndGet(1_000_000_000L);
        budget.charge(7, 10, 10);
        assertThatThrownBy(() -> budget.charge(7, 1, 1)).isInstanceOf(RuleRefusal.class);
        nanos.addAndGet(60_000_000_000L);
        budget.charge(7, 100, 10);
    }

    @Test
    void aConversationNeverNoticesAndNoRecipientsCostNothing() {
        for (int second = 0; second < 100; second++) {
            for (int message = 0; message < 10; message++) {
                budget.charge(3, 1, 9);
            }
            nanos.addAndGet(1_000_000_000L);
        }
        budget.charge(3, 100, 0);
        new DeliveryBudget(0, 0, nanos::get, null).charge(3, 100, 1_000_000);
        assertThat(refusedRequests()).isZero();
    }
}
