package com.streamlens.tools.bench;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ParseResult;
import com.uber.h3core.H3Core;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/**
 * The geo aggregation as a user would write it in Flink SQL instead of the hand-built pipeline: a 30 s {@code TUMBLE}
 * over the clickstream, {@code GROUP BY} the H3 cell (a scalar UDF), {@code COUNT(*)} and {@code COUNT(DISTINCT user_id)}.
 * It reads the same parsed events as the product's pipeline, so both pay the same parse and differ only after it.
 */
final class GeoSql {
    static final String QUERY = """
            SELECT window_start, h3_cell(lat, lon, %d) AS cell, COUNT(*) AS hits, COUNT(DISTINCT user_id) AS users
            FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(rowtime), INTERVAL '%d' SECOND))
            GROUP BY window_start, window_end, h3_cell(lat, lon, %d)
            """;

    private GeoSql() {}

    /** Adds the SQL pipeline to {@code env}: positioned clicks (carrying their source's timestamps and watermarks) → query → discarded. */
    static void build(StreamExecutionEnvironment env, DataStream<ParseResult<ClickEvent>> parsed, int resolution, long windowSeconds) {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.toDataStream(cells(tEnv, parsed, resolution, windowSeconds)).sinkTo(new DiscardingSink<>()).name("sql cells");
    }

    /** The query's result table: one row per window and cell, (window_start, cell, hits, users). */
    static Table cells(StreamTableEnvironment tEnv, DataStream<ParseResult<ClickEvent>> parsed, int resolution, long windowSeconds) {
        TypeInformation<Row> rowType = Types.ROW_NAMED(new String[] {"lat", "lon", "user_id"}, Types.DOUBLE, Types.DOUBLE, Types.STRING);
        DataStream<Row> positioned = parsed
                .filter(r -> r.event != null && r.event.hasPosition()).name("positioned")
                .map(r -> Row.of(r.event.lat, r.event.lon, r.event.userId), rowType).name("to row");
        tEnv.createTemporaryView("clicks", tEnv.fromDataStream(positioned, Schema.newBuilder()
                .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                .watermark("rowtime", "SOURCE_WATERMARK()")
                .build()));
        tEnv.createTemporarySystemFunction("h3_cell", H3Cell.class);
        return tEnv.sqlQuery(QUERY.formatted(resolution, windowSeconds, resolution));
    }

    /** {@code h3_cell(lat, lon, res)}: the H3 index of a position, as the product's own {@code ToGeoHit} computes it. */
    public static class H3Cell extends ScalarFunction {
        private transient H3Core h3;

        @Override
        public void open(FunctionContext context) throws IOException {
            h3 = H3Core.newInstance();
        }

        public Long eval(Double lat, Double lon, Integer resolution) {
            return lat == null || lon == null ? null : h3.latLngToCell(lat, lon, resolution);
        }
    }
}
