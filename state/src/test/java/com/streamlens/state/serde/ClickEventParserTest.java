package com.streamlens.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClickEventParserTest {
    private final ClickEventParser parser = new ClickEventParser();
    private static final long TS = 1_763_900_000_000L;

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String base(String type, String extra) {
        return "{'schema':1,'event_id':'e1','type':'" + type + "','site_id':'shop-1','user_id':'u1','session_id':'s1','ts':" + TS
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void parsesPageTimingWithPositionAndIgnoresUnknownFields() throws Exception {
        ClickEvent e = parser.parse(json(base("page_timing",
                "'lat':55.75,'lon':37.61,'timing':{'ttfb_ms':120,'load_ms':1450},'future_field':{'x':1}")));
        assertThat(e.type).isEqualTo(ClickType.PAGE_TIMING);
        assertThat(e.siteId).isEqualTo("shop-1");
        assertThat(e.ts).isEqualTo(TS);
        assertThat(e.lat).isEqualTo(55.75);
        assertThat(e.loadMsOrNegative()).isEqualTo(1450);
        assertThat(e.timing.ttfbMs).isEqualTo(120);
    }

    @Test
    void parsesPageViewAndPurchase() throws Exception {
        ClickEvent view = parser.parse(json(base("page_view", "'url':'https://x/y','title':'Shoes','h1':'Red shoes','ip':'10.0.0.1'")));
        assertThat(view.hasPosition()).isFalse();
        assertThat(view.h1).isEqualTo("Red shoes");
        assertThat(view.loadMsOrNegative()).isEqualTo(-1);
        ClickEvent buy = parser.parse(json(base("purchase", "'item_id':'i9','price':19.99,'revenue':19.99,'quantity':1")));
        assertThat(buy.itemId).isEqualTo("i9");
        assertThat(buy.revenue).isEqualTo(19.99);
    }

    @Test
    void roundTripsThroughTheProductsJson() throws Exception {
        ClickEvent e = parser.parse(json(base("ab_exposure", "'experiment':'exp1','variant':'control'")));
        ClickEvent again = parser.parse(Json.toBytes(e));
        assertThat(again).usingRecursiveComparison().isEqualTo(e);
        assertThat(new String(Json.toBytes(e), StandardCharsets.UTF_8)).contains("\"event_id\":\"e1\"", "\"type\":\"ab_exposure\"");
    }

    @Test
    void readsTheOptionalClientHintsAndStaysCompatibleWithoutThem() throws Exception {
        ClickEvent e = parser.parse(json(base("page_view",
                "'url':'https://x/y','user_agent':'Mozilla/5.0 (X11; Linux x86_64)','webdriver':true,'screen':'1920x1080','js':true")));
        assertThat(e.userAgent).startsWith("Mozilla/5.0");
        assertThat(e.webdriver).isTrue();
        assertThat(e.screen).isEqualTo("1920x1080");
        assertThat(e.js).isTrue();
        ClickEvent old = parser.parse(json(base("page_view", "'url':'https://x/y'")));
        assertThat(old.userAgent).isNull();
        assertThat(old.webdriver).isNull();
        assertThat(old.js).isNull();
        assertThat(new String(Json.toBytes(e), StandardCharsets.UTF_8)).contains("\"user_agent\":", "\"webdriver\":true");
    }

    @Test
    void rejectsBadClientHints() {
        rejects(base("page_view", "'url':'u','screen':'big'"), "field 'screen'");
        rejects(base("page_view", "'url':'u','screen':'1920x'"), "field 'screen'");
        rejects(base("page_view", "'url':'u','screen':'0x1080'"), "field 'screen'");
        rejects(base("page_view", "'url':'u','webdriver':'maybe'"), "'webdriver'");
        rejects(base("page_view", "'url':'u','js':[1]"), "'js'");
        rejects(base("page_view", "'url':'u','user_agent':'" + "a".repeat(600) + "'"), "oversized field 'user_agent'");
    }

    private void rejects(String payload, String reasonPart) {
        assertThatThrownBy(() -> parser.parse(json(payload)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reasonPart);
    }

    @Test
    void rejectsMalformedJson() {
        rejects("{'schema':1,", "bad JSON");
        rejects("[1,2,3]", "not an event object");
        rejects(base("page_view", "'url':'u'") + " trailing", "bad JSON");
        assertThatThrownBy(() -> parser.parse(new byte[0])).hasMessageContaining("empty payload");
    }

    @Test
    void rejectsWrongTypesAndUnknownEnumValues() {
        rejects(base("page_view", "'url':'u'").replace("'ts':" + TS, "'ts':'yesterday'"), "wrong type for field 'ts'");
        rejects(base("page_view", "'url':'u','lat':'55.1','lon':37.0"), "wrong type for field 'lat'");
        rejects(base("teleport", ""), "invalid value for field 'type'");
    }

    @Test
    void rejectsMissingRequiredFields() {
        rejects("{'schema':1,'event_id':'e1','type':'page_view','site_id':'s','session_id':'s1','ts':" + TS + ",'url':'u'}", "missing required field 'user_id'");
        rejects(base("page_view", ""), "missing required field 'url'");
        rejects(base("page_timing", "'timing':{'ttfb_ms':3}"), "missing required field 'timing.load_ms'");
        rejects(base("add_to_cart", ""), "missing required field 'item_id'");
        rejects(base("page_view", "'url':'u'").replace("'ts':" + TS, "'x':0"), "missing required field 'ts'");
        rejects(base("page_view", "'url':'u'").replace("'schema':1", "'schema':2"), "unsupported schema version 2");
    }

    @Test
    void rejectsAbsurdValues() {
        rejects(base("page_view", "'url':'u','lat':95.0,'lon':10.0"), "absurd position");
        rejects(base("page_view", "'url':'u','lat':45.0"), "'lat' and 'lon' must come together");
        rejects(base("page_timing", "'timing':{'load_ms':-5}"), "absurd value for 'timing.load_ms'");
        rejects(base("page_timing", "'timing':{'load_ms':3600000}"), "absurd value for 'timing.load_ms'");
        rejects(base("page_view", "'url':'u'").replace(String.valueOf(TS), "1763900000"), "absurd value for 'ts'");
        rejects(base("add_to_cart", "'item_id':'i','quantity':0"), "absurd value for 'quantity'");
    }

    @Test
    void rejectsOversizedFieldsAndPayloads() {
        rejects(base("page_view", "'url':'u','title':'" + "x".repeat(600) + "'"), "oversized field 'title'");
        rejects(base("page_view", "'url':'u','referrer':'" + "x".repeat(ClickEventParser.MAX_PAYLOAD_BYTES) + "'"), "payload too large");
    }
}
