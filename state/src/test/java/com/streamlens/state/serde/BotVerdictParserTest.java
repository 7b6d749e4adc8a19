package com.streamlens.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.records.BotVerdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bot-verdicts as the recommendations and A/B jobs read them back. */
class BotVerdictParserTest {
    private final BotVerdictParser parser = new BotVerdictParser();

    @Test
    void roundTripsAVerdictWithoutDerivedFields() throws Exception {
        BotVerdict v = new BotVerdict();
        v.userId = "u1";
        v.stage = BotVerdict.SESSION_END;
        v.score = 0.93;
        v.verdict = BotVerdict.BOT;
        v.reasons = List.of("pageview-burst", "beacon_share");
        String json = new String(Json.toBytes(v), StandardCharsets.UTF_8);
        assertThat(json).contains("\"user_id\":\"u1\"", "\"verdict\":\"bot\"").doesNotContain("\"bot\":");
        BotVerdict back = parser.parse(Json.toBytes(v));
        assertThat(back.isBot()).isTrue();
        assertThat(back.reasons).containsExactly("pageview-burst", "beacon_share");
    }

    @Test
    void refusesVerdictsItCannotActOn() {
        assertThatThrownBy(() -> parser.parse("{\"verdict\":\"bot\",\"score\":0.9}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("user_id");
        assertThatThrownBy(() -> parser.parse("{\"user_id\":\"u\",\"verdict\":\"maybe\",\"score\":0.9}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'verdict'");
        assertThatThrownBy(() -> parser.parse("{\"user_id\":\"u\",\"verdict\":\"bot\",\"score\":1.5}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'score'");
    }
}
