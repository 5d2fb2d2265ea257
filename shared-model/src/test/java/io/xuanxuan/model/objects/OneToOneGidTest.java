package io.xuanxuan.model.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OneToOneGidTest {

    @Test
    void bothOrdersNameTheSameTwoUsers() {
        OneToOneGid stringSorted = OneToOneGid.parse("10&9").orElseThrow();
        assertThat(stringSorted.smaller()).isEqualTo(9);
        assertThat(stringSorted.larger()).isEqualTo(10);
        assertThat(stringSorted.isExactly(List.of(9L, 10L))).isTrue();
        assertThat(stringSorted.isExactly(List.of(9L, 10L, 11L))).isFalse();
        assertThat(OneToOneGid.names("10&9")).containsExactly("10&9", "9&10");
        assertThat(OneToOneGid.names("9&10")).containsExactly("9&10", "10&9");
        assertThat(OneToOneGid.routingKey("10&9")).isEqualTo("9&10").isEqualTo(OneToOneGid.routingKey("9&10"));
        assertThat(OneToOneGid.of(12, 5)).isEqualTo("5&12");
    }

    @Test
    void otherGidsAreThemselvesButTheReservedFormIsNeverAnOrdinaryGid() {
        assertThat(OneToOneGid.parse("a4b1-uuid")).isEmpty();
        assertThat(OneToOneGid.names("system")).containsExactly("system");
        assertThat(OneToOneGid.routingKey("g1")).isEqualTo("g1");
        for (String odd : List.of("4&4", "04&6", "0&6", "4&6000000000000000000")) {
            assertThat(OneToOneGid.parse(odd)).as(odd).isEmpty();
            assertThat(OneToOneGid.hasReservedForm(odd)).as(odd).isTrue();
        }
        assertThat(OneToOneGid.hasReservedForm("4&6x")).isFalse();
        assertThat(OneToOneGid.hasReservedForm(" 4&6")).isFalse();
    }
}
