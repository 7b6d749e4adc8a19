package com.streamlens.operators.rollout;

import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.operators.runtime.BatchingOperator;
import com.streamlens.state.records.ModelRef;
import com.streamlens.state.records.ModelRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores micro-batches ({@link BatchingOperator}) with the serving model and, during a rollout, the candidate: input 1
 * is the data, input 2 the model's {@code model-rollouts} records, broadcast to every subtask and kept (the latest per
 * model, by seq) in broadcast state, so a restored job serves what its judge had decided. A new artefact is fetched,
 * verified and canary-scored on a background thread ({@link CandidateLoader}); scoring never waits for it. Users in the
 * stage's slice ({@link UserSlices}) get the candidate's decisions and are shadow-scored by both models; the evidence
 * goes to the judge every {@code reportIntervalMs} on {@link #OBSERVATIONS}, with load results and the version served.
 * The control input carries no event time: the data input's watermarks pass straight through.
 */
public class RolloutScoringOperator<IN, R, OUT> extends BatchingOperator<IN, OUT>
        implements TwoInputStreamOperator<IN, ModelRollout, OUT>, BoundedMultiInput {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutScoringOperator.class);

    public static final OutputTag<RolloutObservation> OBSERVATIONS =
            new OutputTag<>("rollout-observations", TypeInformation.of(RolloutObservation.class));

    /** The latest rollout record per model name. Lifecycle: one entry per model, replaced by each newer record. */
    public static MapStateDescriptor<String, ModelRollout> rolloutsState() {
        return new MapStateDescriptor<>("model-rollouts", Types.STRING, TypeInformation.of(ModelRollout.class));
    }

    private final ModelKind<IN, R> kind;
    private final String servingLocation;
    private final RolloutFunction<IN, R, OUT> function;
    private final long reportIntervalMs;

    private transient BroadcastState<String, ModelRollout> rollouts;
    private transient ModelRollout current;
    private transient ModelScorer<IN, R> serving;
    private transient ModelScorer<IN, R> candidate;
    private transient ExecutorService loader;
    private transient Queue<Loaded<IN, R>> loaded;
    private transient String loadingCandidate;
    private transient String loadingServing;
    private transient List<RolloutObservation> pending;
    private transient long[] servingScores;
    private transient long[] candidateScores;
    private transient long servingPositives;
    private transient long candidatePositives;
    private transient long statsEpoch;
    private transient Counter shadowScored;

    /** A background load's outcome: a model, or the reason it was refused. */
    private record Loaded<IN, R>(boolean forCandidate, ModelRef ref, ModelScorer<IN, R> model, String error) {}

    public RolloutScoringOperator(ModelKind<IN, R> kind, String servingLocation, RolloutFunction<IN, R, OUT> function,
                                  int maxBatch, long maxWaitMs, long reportIntervalMs) {
        super(maxBatch, maxWaitMs);
        if (reportIntervalMs < 1) throw new IllegalArgumentException("reportIntervalMs must be ≥ 1, got " + reportIntervalMs);
        this.kind = kind;
        this.servingLocation = servingLocation;
        this.function = function;
        this.reportIntervalMs = reportIntervalMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        rollouts = context.getOperatorStateStore().getBroadcastState(rolloutsState());
        current = rollouts.get(kind.name());
    }

    @Override
    public void open() throws Exception {
        super.open();
        loaded = new ConcurrentLinkedQueue<>();
        pending = new ArrayList<>();
        servingScores = new long[ScoreHistogram.BINS];
        candidateScores = new long[ScoreHistogram.BINS];
        loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, kind.name() + "-model-loader-" + subtask());
            t.setDaemon(true);
            return t;
        });
        serving = openServing();
        pending.add(observation(RolloutObservation.SERVING, serving.version(), servingUri()));
        if (current != null && current.candidateActive()) restoreCandidate();
        var metrics = getMetricGroup();
        shadowScored = metrics.counter("shadowScored");
        metrics.gauge("servingVersion", () -> serving.version());
        metrics.gauge("candidateVersion", () -> candidate == null ? "" : candidate.version());
        metrics.gauge("rolloutStagePercent", () -> inRollout() ? current.stagePercent : 0);
        metrics.gauge("rolloutState", () -> current == null ? ModelRollout.SERVING : current.state);
        function.open(metrics);
        scheduleReport();
    }

    /** The rollout outcome the restored record says serves, else the job's own model; a restored artefact that fails to load falls back to the latter. */
    private ModelScorer<IN, R> openServing() {
        if (current != null && rolledOut(current.serving) && !current.serving.uri.equals(servingLocation)) {
            try {
                ModelScorer<IN, R> restored = CandidateLoader.load(kind, current.serving, null);
                LOG.info("{} model {} serving, as the restored rollout says", kind.name(), restored.version());
                return restored;
            } catch (RuntimeException e) {
                LOG.error("{} model {} of the restored rollout does not load ({}); serving {} instead", kind.name(), current.serving, e.getMessage(), servingLocation);
            }
        }
        ModelScorer<IN, R> own = kind.openServing(servingLocation);
        LOG.info("{} model {} from {} serving", kind.name(), own.version(), servingLocation);
        return own;
    }

    /** A restored job holds its candidate before scoring, so its slice keeps the candidate's decisions. */
    private void restoreCandidate() {
        try {
            candidate = CandidateLoader.load(kind, current.candidate, serving);
            LOG.info("{} candidate {} restored at {}% ({})", kind.name(), candidate.version(), current.stagePercent, current.state);
        } catch (RuntimeException e) {
            pending.add(rejected(current.candidate.version, e.getMessage()));
        }
    }

    @Override
    public void processElement1(StreamRecord<IN> element) throws Exception {
        if (!loaded.isEmpty()) takeLoaded();
        buffer(element);
    }

    @Override
    public void processElement2(StreamRecord<ModelRollout> element) throws Exception {
        ModelRollout r = element.getValue();
        if (!kind.name().equals(r.name) || (current != null && r.seq <= current.seq)) return;
        flush(); // the buffered elements were received under the previous record
        rollouts.put(kind.name(), r);
        current = r;
        apply(r);
    }

    private void apply(ModelRollout r) {
        if (rolledOut(r.serving) && !r.serving.version.equals(serving.version())) {
            if (candidate != null && candidate.version().equals(r.serving.version)) {
                ModelScorer<IN, R> old = serving;
                serving = candidate;
                candidate = null;
                old.close();
                pending.add(observation(RolloutObservation.SERVING, serving.version(), r.serving.uri));
                LOG.info("{} model {} now serves everyone ({})", kind.name(), serving.version(), r.reason);
            } else if (r.serving.uri != null && !r.serving.version.equals(loadingServing)) {
                load(false, r.serving);
            }
        }
        if (r.candidateActive()) {
            if (candidate != null && candidate.version().equals(r.candidate.version)) {
                if (ModelRollout.LOADING.equals(r.state)) pending.add(observation(RolloutObservation.READY, candidate.version(), null));
            } else if (!r.candidate.version.equals(loadingCandidate)) {
                dropCandidate();
                load(true, r.candidate);
            }
        } else {
            dropCandidate();
        }
        if (r.epoch != statsEpoch) resetStats(r.epoch);
    }

    /**
     * Whether the record's serving model is a rollout's outcome (released with digests), which every subtask follows;
     * otherwise it is only the job's own model as the judge learnt it, and the job's {@code --model} wins.
     */
    private static boolean rolledOut(ModelRef serving) {
        return serving != null && serving.version != null && serving.uri != null && serving.files != null;
    }

    private void dropCandidate() {
        if (candidate == null) return;
        LOG.info("{} candidate {} dropped ({})", kind.name(), candidate.version(), current == null ? "" : current.state);
        candidate.close();
        candidate = null;
    }

    private void load(boolean forCandidate, ModelRef ref) {
        if (forCandidate) loadingCandidate = ref.version;
        else loadingServing = ref.version;
        ModelScorer<IN, R> against = serving;
        LOG.info("{} {} {} loading in the background from {}", kind.name(), forCandidate ? "candidate" : "serving model", ref.version, ref.uri);
        loader.execute(() -> {
            try {
                loaded.add(new Loaded<>(forCandidate, ref, CandidateLoader.load(kind, ref, forCandidate ? against : null), null));
            } catch (RuntimeException | LinkageError e) {
                loaded.add(new Loaded<>(forCandidate, ref, null, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        });
    }

    /** Takes finished background loads on the task thread: a checked candidate is held and reported ready. */
    private void takeLoaded() {
        for (Loaded<IN, R> l; (l = loaded.poll()) != null; ) {
            String v = l.ref().version;
            if (l.forCandidate()) {
                if (v.equals(loadingCandidate)) loadingCandidate = null;
                boolean wanted = current != null && current.candidateActive() && v.equals(current.candidate.version);
                if (!wanted) {
                    if (l.model() != null) l.model().close();
                } else if (l.model() == null) {
                    LOG.warn("{} candidate {} refused: {}", kind.name(), v, l.error());
                    pending.add(rejected(v, l.error()));
                } else {
                    dropCandidate();
                    candidate = l.model();
                    LOG.info("{} candidate {} loaded and canary-checked", kind.name(), v);
                    pending.add(observation(RolloutObservation.READY, v, null));
                }
            } else {
                if (v.equals(loadingServing)) loadingServing = null;
                boolean wanted = current != null && current.serving != null && v.equals(current.serving.version) && !v.equals(serving.version());
                if (!wanted) {
                    if (l.model() != null) l.model().close();
                } else if (l.model() == null) {
                    LOG.error("{} model {} that the rollout says serves does not load ({}); {} keeps serving", kind.name(), v, l.error(), serving.version());
                } else {
                    ModelScorer<IN, R> old = serving;
                    serving = l.model();
                    old.close();
                    pending.add(observation(RolloutObservation.SERVING, v, l.ref().uri));
                }
            }
        }
    }

    private boolean inRollout() {
        return current != null && current.candidateActive() && current.stagePercent > 0 && candidate != null
                && candidate.version().equals(current.candidate.version);
    }

    @Override
    protected void processBatch(List<IN> batch, BatchFunction.Results<OUT> out) throws Exception {
        List<R> base = serving.score(batch);
        List<RolloutFunction.Decision<R>> decisions = new ArrayList<>(batch.size());
        for (R r : base) decisions.add(new RolloutFunction.Decision<>(r, serving.version(), false));
        if (inRollout()) {
            List<Integer> slice = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (UserSlices.inSlice(kind.name(), kind.userOf(batch.get(i)), current.stagePercent)) slice.add(i);
            }
            if (!slice.isEmpty()) {
                List<IN> sliced = new ArrayList<>(slice.size());
                for (int i : slice) sliced.add(batch.get(i));
                List<R> shadow = candidate.score(sliced);
                int compared = 0;
                for (int j = 0; j < slice.size(); j++) {
                    int i = slice.get(j);
                    R old = base.get(i);
                    R fresh = shadow.get(j);
                    decisions.set(i, new RolloutFunction.Decision<>(fresh, candidate.version(), true));
                    if (old == null || fresh == null) continue; // an element the model leaves unscored is no evidence
                    servingScores[ScoreHistogram.bin(serving.gateScore(old))]++;
                    candidateScores[ScoreHistogram.bin(candidate.gateScore(fresh))]++;
                    if (serving.positive(old)) servingPositives++;
                    if (candidate.positive(fresh)) candidatePositives++;
                    compared++;
                }
                shadowScored.inc(compared);
            }
        }
        function.emit(batch, decisions, out);
    }

    private void scheduleReport() {
        long due = getProcessingTimeService().getCurrentProcessingTime() + reportIntervalMs;
        getProcessingTimeService().registerTimer(due, t -> {
            report();
            scheduleReport();
        });
    }

    /** Sends what the judge has not heard yet: load results, the version served, and the window's evidence since the last report. */
    private void report() {
        if (!loaded.isEmpty()) takeLoaded();
        if (inRollout() && ScoreHistogram.total(candidateScores) > 0) {
            RolloutObservation stats = observation(RolloutObservation.STATS, current.candidate.version, null);
            stats.serving = servingScores;
            stats.candidate = candidateScores;
            stats.servingPositives = servingPositives;
            stats.candidatePositives = candidatePositives;
            pending.add(stats);
            resetStats(current.epoch);
        }
        for (RolloutObservation o : pending) output.collect(OBSERVATIONS, new StreamRecord<>(o));
        pending.clear();
    }

    private void resetStats(long epoch) {
        statsEpoch = epoch;
        servingScores = new long[ScoreHistogram.BINS];
        candidateScores = new long[ScoreHistogram.BINS];
        servingPositives = 0;
        candidatePositives = 0;
    }

    private RolloutObservation observation(String what, String version, String uri) {
        RolloutObservation o = RolloutObservation.of(kind.name(), what, subtask(), parallelism(), current == null ? 0 : current.epoch, version);
        o.uri = uri;
        return o;
    }

    private RolloutObservation rejected(String version, String reason) {
        RolloutObservation o = observation(RolloutObservation.REJECTED, version, null);
        o.reason = reason;
        return o;
    }

    private String servingUri() {
        return current != null && current.serving != null && serving.version().equals(current.serving.version) && current.serving.uri != null
                ? current.serving.uri : servingLocation;
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private int parallelism() {
        return getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        flush(); // a buffered element emitted after the watermark would be late downstream
        output.emitWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // The control topic's time says nothing about the data's.
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int inputId) {
        if (inputId == 0) output.emitWatermarkStatus(status);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flush();
            report();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            function.close();
        } finally {
            if (loader != null) loader.shutdownNow();
            if (candidate != null) candidate.close();
            if (serving != null) serving.close();
            super.close();
        }
    }
}
