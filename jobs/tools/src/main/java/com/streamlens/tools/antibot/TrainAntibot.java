package com.streamlens.tools.antibot;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.jobs.antibot.AntibotJobOptions;
import com.streamlens.jobs.common.Args;
import com.streamlens.operators.antibot.AntibotModelArtefact;
import com.streamlens.operators.antibot.AntibotSettings;
import com.streamlens.operators.antibot.AntibotTrainer;
import com.streamlens.operators.antibot.SessionFeatures;
import com.streamlens.operators.io.BadInput;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import com.streamlens.tools.generator.BotTraffic;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/train-antibot: trains the session model and writes a versioned artefact, from (in order of precedence)
 * {@code --examples FILE.jsonl} (a dump of antibot-training: the judge's label is the label), {@code --events FILE
 * --labels FILE} (replayed through the job's session code), or generated traffic ({@code --seed}, {@code --scale}).
 * The last line is RESULT {json}.
 */
public final class TrainAntibot {
    private TrainAntibot() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, TrainAntibot::run);
    }

    /** Feature rows and labels (true: bot). */
    public record Examples(List<float[]> x, boolean[] bot) {}

    static void run(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        AntibotSettings settings = AntibotJobOptions.settings(p);
        Path out = Path.of(p.get("out", "models"));
        AntibotTrainer.Config d = AntibotTrainer.Config.defaults();
        AntibotTrainer.Config cfg = new AntibotTrainer.Config(Args.intIn(p, "hidden", d.hidden(), 0, 4096), Args.intIn(p, "epochs", d.epochs(), 1, 10_000),
                d.batchSize(), d.learningRate(), d.l2(), Args.intIn(p, "folds", d.folds(), 2, 20), Args.doubleIn(p, "target-fpr", d.targetFpr(), 1e-6, 0.5),
                Args.longIn(p, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
        Examples ex;
        String source;
        if (p.has("examples")) {
            source = p.get("examples");
            ex = fromTrainingDump(Path.of(source));
        } else if (p.has("events") || p.has("labels")) {
            if (!p.has("events") || !p.has("labels")) throw new BadInput("--events and --labels go together");
            source = p.get("events");
            ex = fromTraffic(AntibotReplay.read(Path.of(p.get("events")), Path.of(p.get("labels"))), settings);
        } else {
            long seed = cfg.seed();
            source = "generated traffic, seed " + seed;
            ex = fromTraffic(AntibotReplay.Traffic.generated(seed, EvalAntibot.START, 2,
                    BotTraffic.Mix.parse(p.get("mix", "")).scaled(Args.doubleIn(p, "scale", 1, 0.01, 100))), settings);
        }
        String version = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        var trained = AntibotTrainer.train(ex.x(), ex.bot(), version, cfg, System.out::println);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("cross_validated_auc", trained.crossValidatedAuc());
        metrics.put("cross_validated_recall_at_fpr", trained.crossValidatedRecallAtFpr());
        metrics.put("target_fpr", cfg.targetFpr());
        metrics.put("sessions", trained.rows());
        metrics.put("folds", trained.folds());
        metrics.put("source", source);
        Path dir = AntibotModelArtefact.save(out, trained, cfg, metrics, hash(ex));
        System.out.println("wrote " + dir);
        Map<String, Object> result = new LinkedHashMap<>(metrics);
        result.put("version", version);
        result.put("path", dir.toString());
        result.put("threshold", trained.model().threshold());
        System.out.println("RESULT " + Json.toString(result));
    }

    public static Examples fromTraffic(AntibotReplay.Traffic t, AntibotSettings settings) throws Exception {
        List<SessionCase> cases = AntibotReplay.sessionEnds(t, settings);
        List<float[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        int unlabelled = 0;
        for (SessionCase c : cases) {
            String label = t.labels().get(c.fast.userId);
            if (label == null) {
                unlabelled++;
                continue;
            }
            x.add(c.features);
            y.add(!label.equals(BotTraffic.HUMAN));
        }
        System.out.printf("%d sessions from %d click events (%d sessions of unlabelled visitors left out)%n", x.size(), t.clicks().size(), unlabelled);
        return new Examples(x, toArray(y));
    }

    /** Rows of antibot-training: {"features": {name: value}, "judge_label": "bot"|"human", ...}. */
    static Examples fromTrainingDump(Path file) throws Exception {
        if (!Files.isRegularFile(file)) throw new BadInput(file + ": no such file");
        List<float[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank()) continue;
            JsonNode row;
            try {
                row = Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new BadInput(file + ":" + n + ": not JSON");
            }
            String label = row.path("judge_label").asText(row.path("label").asText(""));
            if (!label.equals("bot") && !label.equals("human")) throw new BadInput(file + ":" + n + ": judge_label must be bot or human, got '" + label + "'");
            float[] f = new float[SessionFeatures.NAMES.size()];
            for (int j = 0; j < f.length; j++) {
                JsonNode v = row.path("features").path(SessionFeatures.NAMES.get(j));
                if (!v.isNumber()) throw new BadInput(file + ":" + n + ": feature '" + SessionFeatures.NAMES.get(j) + "' missing or not a number");
                f[j] = (float) v.asDouble();
            }
            x.add(f);
            y.add(label.equals("bot"));
        }
        return new Examples(x, toArray(y));
    }

    private static boolean[] toArray(List<Boolean> y) {
        boolean[] out = new boolean[y.size()];
        for (int i = 0; i < out.length; i++) out[i] = y.get(i);
        return out;
    }

    static String hash(Examples ex) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer b = ByteBuffer.allocate(4 * SessionFeatures.NAMES.size() + 1);
        for (int i = 0; i < ex.x().size(); i++) {
            b.clear();
            for (float v : ex.x().get(i)) b.putFloat(v);
            b.put((byte) (ex.bot()[i] ? 1 : 0));
            sha.update(b.array(), 0, b.position());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
