package com.streamlens.jobs.common;

import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.rollout.JudgeRollouts;
import com.streamlens.operators.rollout.ModelKind;
import com.streamlens.operators.rollout.RolloutFunction;
import com.streamlens.operators.rollout.RolloutInput;
import com.streamlens.operators.rollout.RolloutObservation;
import com.streamlens.operators.rollout.RolloutScoringOperator;
import com.streamlens.operators.rollout.RolloutToRedis;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.state.Topics;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * How a job scores with models that roll out without a restart (docs/model-rollouts.md): the
 * {@code models} and {@code model-rollouts} topics read as tables, a {@link RolloutScoringOperator} per model fed the
 * rollout records as a broadcast, and one {@link JudgeRollouts} keyed by model name whose records go back to
 * {@code model-rollouts} (closing the loop through Kafka, as Flink 2 has no iterations) and to Redis {@code model:{name}}.
 */
public final class ModelRollouts {
    public static final String USAGE = """
              --rollouts true|false        roll out models published on the models topic (scripts/model publish)
                                           without a restart (default true)
              --rollout-report-ms N        how often each scoring subtask reports its shadow scores to the judge
                                           (default 2000)
            """;

    /** The options. */
    public record Options(boolean enabled, long reportIntervalMs) implements Serializable {
        public static Options from(ParameterTool p) {
            return new Options(Args.flag(p, "rollouts", true), Args.longIn(p, "rollout-report-ms", 2_000, 10, 600_000));
        }
    }

    /** The raw control topics, as sources give them. */
    public record Sources(DataStream<ParseResult<ModelRelease>> releases, DataStream<ParseResult<ModelRollout>> rollouts) {}

    /** The parsed control topics and their dead letters. */
    public record Control(DataStream<ModelRelease> releases, DataStream<ModelRollout> rollouts, DataStream<DeadLetter> deadLetters) {}

    private static final TypeInformation<RolloutInput> INPUT = TypeInformation.of(RolloutInput.class);

    private ModelRollouts() {}

    /** The two topics read as tables, or null when rollouts are off. */
    public static Sources sources(StreamExecutionEnvironment env, CommonOptions common, Options o) {
        if (!o.enabled()) return null;
        return new Sources(EventTopic.MODELS.source(env, common, WatermarkStrategy.noWatermarks()),
                EventTopic.MODEL_ROLLOUTS.source(env, common, WatermarkStrategy.noWatermarks()));
    }

    /** Parses the sources; with none (rollouts off) an empty control stream, so the scoring operators serve their own model. */
    public static Control parse(StreamExecutionEnvironment env, Sources sources, String job) {
        if (sources == null) {
            // An empty, finite stream: Flink 2.2's fromData fails on an empty collection, so one blank record, filtered out.
            DataStream<ModelRollout> none = env.fromData(List.of(new ModelRollout()), TypeInformation.of(ModelRollout.class)).uid("no-model-rollouts")
                    .filter(r -> false).uid("no-model-rollouts-filter").name("no rollouts");
            return new Control(null, none, null);
        }
        SingleOutputStreamOperator<ModelRelease> releases = EventTopic.MODELS.parse(sources.releases(), job);
        SingleOutputStreamOperator<ModelRollout> rollouts = EventTopic.MODEL_ROLLOUTS.parse(sources.rollouts(), job);
        return new Control(releases, rollouts, releases.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(rollouts.getSideOutput(SplitDeadLetters.DEAD_LETTERS)));
    }

    /** {@code input} scored by {@code kind}'s serving model and, in a rollout, its candidate; observations on the side output. */
    public static <IN, R, OUT> SingleOutputStreamOperator<OUT> score(DataStream<IN> input, Control control, ModelKind<IN, R> kind,
                                                                     String servingLocation, RolloutFunction<IN, R, OUT> function,
                                                                     int maxBatch, long maxWaitMs, Options o, String uid,
                                                                     TypeInformation<OUT> outType) {
        return input.connect(control.rollouts().broadcast())
                .transform("score " + kind.name() + " (rollouts)", outType,
                        new RolloutScoringOperator<>(kind, servingLocation, function, maxBatch, maxWaitMs, o.reportIntervalMs()))
                .uid(uid);
    }

    /** The scorers' observations of one job. */
    public static DataStream<RolloutObservation> observations(SingleOutputStreamOperator<?> scorer) {
        return scorer.getSideOutput(RolloutScoringOperator.OBSERVATIONS);
    }

    /**
     * The judge of the models scored here ({@code observations}: the scorers' side outputs by model name) over their
     * releases, its own records and the scorers' observations; null when rollouts are off. Releases and records of
     * other models are another job's: each model has one judge.
     */
    public static SingleOutputStreamOperator<ModelRollout> judge(Control control, Map<String, DataStream<RolloutObservation>> observations) {
        if (control.releases() == null) return null;
        Set<String> names = Set.copyOf(observations.keySet());
        DataStream<RolloutInput> inputs = control.releases().filter(r -> names.contains(r.name)).uid("rollout-releases-here").name("releases of models scored here")
                .map(RolloutInput::of).returns(INPUT).uid("rollout-releases").name("as judge input")
                .union(control.rollouts().filter(r -> names.contains(r.name)).uid("rollout-history-here").name("rollouts of models scored here")
                        .map(RolloutInput::of).returns(INPUT).uid("rollout-history").name("as judge input"));
        for (Map.Entry<String, DataStream<RolloutObservation>> o : new TreeMap<>(observations).entrySet()) {
            inputs = inputs.union(o.getValue().map(RolloutInput::of).returns(INPUT).uid("rollout-observations-" + o.getKey()).name("as judge input"));
        }
        return inputs.keyBy(RolloutInput::name, Types.STRING)
                .process(new JudgeRollouts(5_000), TypeInformation.of(ModelRollout.class))
                .uid("judge-rollouts").name("judge rollouts");
    }

    /**
     * The judge wired to its outputs: its records to {@code sink} ({@code model-rollouts}); returns their Redis writes
     * for the job's Redis sink, or null when rollouts are off.
     */
    public static DataStream<RedisWrite> judgeAndPublish(Control control, Map<String, DataStream<RolloutObservation>> observations,
                                                         Sink<ModelRollout> sink) {
        SingleOutputStreamOperator<ModelRollout> decisions = judge(control, observations);
        if (decisions == null) return null;
        decisions.sinkTo(sink).uid("model-rollouts-sink").name("model-rollouts");
        return toRedis(decisions.union(decisions.getSideOutput(JudgeRollouts.ADOPTED)));
    }

    /** The sink of the judges' records: keyed by model name, so each model's records keep their order in one partition. */
    public static Sink<ModelRollout> sink(CommonOptions common, String transactionalIdPrefix) {
        return KafkaIO.jsonSink(common.bootstrap(), Topics.MODEL_ROLLOUTS, r -> r.name, common.delivery(), transactionalIdPrefix);
    }

    /** The topics a job with these options reads and writes for rollouts. */
    public static List<String> topics(Options o) {
        return o.enabled() ? List.of(Topics.MODELS, Topics.MODEL_ROLLOUTS) : List.of();
    }

    /** The judges' records (and the rollouts they adopted) as Redis {@code model:{name}} hashes (keyed upstream, so each model's writes keep their order). */
    public static DataStream<RedisWrite> toRedis(DataStream<ModelRollout> decisions) {
        return decisions.map(new RolloutToRedis()).uid("model-rollouts-redis").name("model:{name}");
    }
}
