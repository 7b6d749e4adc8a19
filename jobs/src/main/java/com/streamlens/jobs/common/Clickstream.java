package com.streamlens.jobs.common;

import com.streamlens.operators.functions.ParseEvents;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.state.Topics;
import com.streamlens.state.records.ClickEvent;
import com.streamlens.state.records.RawRecord;
import com.streamlens.state.serde.ClickEventParser;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The clickstream input every job starts from: the Kafka source and the parse step with its dead letters. */
public final class Clickstream {
    private Clickstream() {}

    public static DataStream<RawRecord> kafkaSource(StreamExecutionEnvironment env, CommonOptions opts) {
        return env.fromSource(KafkaIO.rawSource(opts.bootstrap(), Topics.CLICKSTREAM, opts.groupId(), opts.startFrom()),
                        WatermarkStrategy.noWatermarks(), "clickstream")
                .uid("clickstream-source");
    }

    /** Valid events; the rejected ones are on the {@link ParseEvents#DEAD_LETTERS} side output. */
    public static SingleOutputStreamOperator<ClickEvent> parse(DataStream<RawRecord> raw) {
        return raw.process(new ParseEvents<>(new ClickEventParser()), TypeInformation.of(ClickEvent.class))
                .uid("parse-clickstream").name("parse clickstream");
    }
}
