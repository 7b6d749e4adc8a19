package com.streamlens.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.ParseResult;
import com.uber.h3core.H3Core;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The SQL baseline bench-geo compares against must compute the aggregation it claims, or the ratio means nothing. */
class GeoSqlTest {
    private static final double MOSCOW_LAT = 55.7558, MOSCOW_LON = 37.6173, BERLIN_LAT = 52.52, BERLIN_LON = 13.405;

    @Test
    void countsHitsAndDistinctUsersPerWindowAndCell() throws Exception {
        List<ParseResult<ClickEvent>> events = List.of(
                click("u1", MOSCOW_LAT, MOSCOW_LON, 1_000), click("u1", MOSCOW_LAT, MOSCOW_LON, 2_000),
                click("u2", MOSCOW_LAT, MOSCOW_LON, 3_000), click("u3", BERLIN_LAT, BERLIN_LON, 4_000),
                click("u9", null, null, 5_000), // no position: not on the map
                click("u1", MOSCOW_LAT, MOSCOW_LON, 31_000)); // the next 30 s window
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<ParseResult<ClickEvent>> parsed = env.fromData(events, TypeInformation.of(new TypeHint<ParseResult<ClickEvent>>() {}))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ParseResult<ClickEvent>>forMonotonousTimestamps()
                        .withTimestampAssigner((r, t) -> r.event.ts));
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        Map<String, String> rows = new HashMap<>();
        try (CloseableIterator<Row> it = tEnv.toDataStream(GeoSql.cells(tEnv, parsed, 7, 30)).executeAndCollect()) {
            it.forEachRemaining(r -> rows.put(
                    ((LocalDateTime) r.getField("window_start")).toEpochSecond(ZoneOffset.UTC) + "s@" + r.getField("cell"), r.getField("hits") + "/" + r.getField("users")));
        }
        H3Core h3 = H3Core.newInstance();
        long moscow = h3.latLngToCell(MOSCOW_LAT, MOSCOW_LON, 7);
        long berlin = h3.latLngToCell(BERLIN_LAT, BERLIN_LON, 7);
        List<String> flat = new ArrayList<>();
        rows.forEach((k, v) -> flat.add(k.replace(String.valueOf(moscow), "moscow").replace(String.valueOf(berlin), "berlin") + "=" + v));
        assertThat(flat).containsExactlyInAnyOrder("0s@moscow=3/2", "0s@berlin=1/1", "30s@moscow=1/1");
    }

    private static ParseResult<ClickEvent> click(String user, Double lat, Double lon, long ts) {
        ClickEvent e = new ClickEvent();
        e.schema = ClickEvent.SCHEMA_VERSION;
        e.eventId = user + "-" + ts;
        e.type = ClickType.PAGE_VIEW;
        e.siteId = "s1";
        e.userId = user;
        e.ts = ts;
        e.lat = lat;
        e.lon = lon;
        return ParseResult.ok(e);
    }
}
