package io.xuanxuan.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.PushPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    private static final User ZHANG = new User(1, "zhang", "张三 \"Z\"", "", "dev", 2, "online", "no", "m",
            "z@example.com", "", "", "");
    private static final User LI = ZHANG.withRealname("Li").withStatus("busy");

    @Test
    void rawJsonWritesTheSameBytesAsTheObjectItself() {
        ArrayNode raw = ProtocolJson.nodes().arrayNode().add(ProtocolJson.rawJson(ZHANG)).add(ProtocolJson.rawJson(LI));
        PushPacket fromRaw = PushPacket.of("userGetlist", raw);
        PushPacket fromObjects = PushPacket.of("userGetlist", List.of(ZHANG, LI));
        assertThat(ProtocolJson.write(fromRaw)).isEqualTo(ProtocolJson.write(fromObjects));
    }

    @Test
    void aTreeIsKeptAsItIsAndARawTreeTravelsThroughAJsonRoundTrip() throws Exception {
        ArrayNode raw = ProtocolJson.nodes().arrayNode().add(ProtocolJson.rawJson(ZHANG));
        assertThat(ProtocolJson.toTree(raw)).isSameAs(raw);

        // as on Kafka: the record is written as JSON and read back as an ordinary tree
        Delivery delivery = Delivery.push(DeliveryTarget.connection("c1"), PushPacket.of("userGetlist", raw));
        Delivery back = ProtocolJson.read(ProtocolJson.write(delivery), Delivery.class);
        JsonNode users = ProtocolJson.toTree(back.frame()).get(0).get("data");
        assertThat(users.get(0).get("realname").asText()).isEqualTo("张三 \"Z\"");
        assertThat(users.get(0).get("status").asText()).isEqualTo("online");
    }

    /** The accept time travels with a message mark; a mark of an older sender (without it) reads as 0. */
    @Test
    void aMessageMarkCarriesItsAcceptTimeAndAnOlderMarkReadsAsNotMeasured() {
        MessageMark mark = new MessageMark("cgid-1", List.of(3L, 4L), 1_700_000_000_123L);
        assertThat(ProtocolJson.read(ProtocolJson.write(mark), MessageMark.class)).isEqualTo(mark);
        MessageMark older = ProtocolJson.read("{\"cgid\":\"cgid-1\",\"seqs\":[3,4]}", MessageMark.class);
        assertThat(older.acceptedAt()).isZero();
        assertThat(older.seqs()).containsExactly(3L, 4L);
    }
}
