package com.streamlens.tools.antibot;

import com.streamlens.operators.stats.BinaryMetrics;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.tools.generator.BotTraffic;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The antibot's figures for one labelled replay, per user id (a visitor or an account): a user's score at a stage is
 * the highest the job gave any of their sessions or accounts at that stage (0 without one). Humans are the negatives;
 * "non-advanced" bots the positives of {@code auc} and {@code recall_at_fpr_0_1pct}; the advanced bots are scored apart.
 */
public final class AntibotMetrics {
    static final double FPR = 0.001;

    private AntibotMetrics() {}

    /** Per user, the highest of {@code score} over their verdicts whose stage is one of {@code stages}. */
    static Map<String, Double> maxPerUser(List<BotVerdict> verdicts, List<String> stages, ToDoubleFunction<BotVerdict> score) {
        Map<String, Double> out = new HashMap<>();
        for (BotVerdict v : verdicts) {
            if (!stages.contains(v.stage)) continue;
            out.merge(v.userId, score.applyAsDouble(v), Math::max);
        }
        return out;
    }

    public static Map<String, Double> of(List<BotVerdict> verdicts, Map<String, String> labels) {
        List<String> fast = List.of(BotVerdict.SESSION_END, BotVerdict.SIGNAL);
        Map<String, Double> combined = maxPerUser(verdicts, fast, v -> v.score);
        Map<String, Double> early = maxPerUser(verdicts, List.of(BotVerdict.EARLY, BotVerdict.SIGNAL), v -> v.score);
        Map<String, Double> model = maxPerUser(verdicts, List.of(BotVerdict.SESSION_END), v -> v.modelScore == null ? 0 : v.modelScore);
        Map<String, Double> judged = maxPerUser(verdicts, List.of(BotVerdict.FINAL), v -> v.isBot() ? 1 : 0);
        Map<String, Double> fastBot = maxPerUser(verdicts, List.of(BotVerdict.SESSION_END), v -> v.isBot() ? 1 : 0);

        Map<String, Double> m = new LinkedHashMap<>();
        m.put("auc", auc(combined, labels, false));
        m.put("recall_at_fpr_0_1pct", recall(combined, labels, false));
        m.put("advanced_recall_at_fpr_0_1pct", recall(combined, labels, true));
        m.put("advanced_auc", auc(combined, labels, true));
        m.put("early_auc", auc(early, labels, false));
        // What each fast part adds, on the visitors that had sessions (the accounts of login and registration attacks
        // have none: only patterns see them).
        Map<String, String> visitors = new LinkedHashMap<>();
        Map<String, Double> sessions = maxPerUser(verdicts, List.of(BotVerdict.SESSION_END), v -> v.score);
        labels.forEach((u, l) -> {
            if (sessions.containsKey(u)) visitors.put(u, l);
        });
        m.put("session_auc", auc(sessions, visitors, false));
        m.put("session_recall_at_fpr_0_1pct", recall(sessions, visitors, false));
        Map<String, Double> cep = maxPerUser(verdicts, fast, v -> v.signalScore);
        m.put("cep_only_auc", auc(cep, labels, false));
        m.put("model_only_auc", auc(model, labels, false));
        m.put("cep_only_recall_at_fpr_0_1pct", recall(cep, labels, false));
        m.put("model_only_recall_at_fpr_0_1pct", recall(model, labels, false));
        m.put("session_cep_only_auc", auc(cep, visitors, false));
        m.put("session_model_only_auc", auc(model, visitors, false));
        double threshold = threshold(combined, labels);
        for (String type : BotTraffic.BOT_TYPES) {
            long n = 0, caught = 0;
            for (var e : labels.entrySet()) {
                if (!e.getValue().equals(type)) continue;
                n++;
                if (combined.getOrDefault(e.getKey(), 0.0) > threshold) caught++;
            }
            if (n > 0) m.put("recall_" + type, caught / (double) n);
        }
        // The judge against the truth, over the visitors it judged; and how often it agreed with the fast verdict.
        long judgedUsers = 0, right = 0, agree = 0;
        for (var e : judged.entrySet()) {
            String truth = labels.get(e.getKey());
            if (truth == null) continue;
            judgedUsers++;
            if ((e.getValue() > 0) == !truth.equals(BotTraffic.HUMAN)) right++;
            if (e.getValue().equals(fastBot.get(e.getKey()))) agree++;
        }
        m.put("judge_agreement", judgedUsers == 0 ? Double.NaN : right / (double) judgedUsers);
        m.put("judge_fast_agreement", judgedUsers == 0 ? Double.NaN : agree / (double) judgedUsers);
        m.put("human_fpr_deployed", deployedFpr(verdicts, labels));
        return m;
    }

    /** How often each reason appears on the bot verdicts (session end, signal) of humans: what the false positives are made of. */
    public static Map<String, Long> humanFalsePositiveReasons(List<BotVerdict> verdicts, Map<String, String> labels) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (BotVerdict v : verdicts) {
            if (!v.isBot() || !BotTraffic.HUMAN.equals(labels.get(v.userId))) continue;
            if (!v.stage.equals(BotVerdict.SESSION_END) && !v.stage.equals(BotVerdict.SIGNAL)) continue;
            for (String r : v.reasons) out.merge(r, 1L, Long::sum);
        }
        return out;
    }

    /** Share of humans with at least one bot verdict at session end or from a signal: what the deployed thresholds cost people. */
    static double deployedFpr(List<BotVerdict> verdicts, Map<String, String> labels) {
        Map<String, Double> bot = maxPerUser(verdicts, List.of(BotVerdict.SESSION_END, BotVerdict.SIGNAL), v -> v.isBot() ? 1 : 0);
        long humans = 0, flagged = 0;
        for (var e : labels.entrySet()) {
            if (!e.getValue().equals(BotTraffic.HUMAN)) continue;
            humans++;
            if (bot.getOrDefault(e.getKey(), 0.0) > 0) flagged++;
        }
        return humans == 0 ? Double.NaN : flagged / (double) humans;
    }

    private record Scored(double[] scores, boolean[] bot) {}

    /** Humans against the non-advanced bots, or against the advanced ones. */
    private static Scored scored(Map<String, Double> scores, Map<String, String> labels, boolean advanced) {
        int n = 0;
        double[] s = new double[labels.size()];
        boolean[] y = new boolean[labels.size()];
        for (var e : labels.entrySet()) {
            boolean human = e.getValue().equals(BotTraffic.HUMAN);
            boolean isAdvanced = e.getValue().equals("advanced");
            if (!human && isAdvanced != advanced) continue;
            s[n] = scores.getOrDefault(e.getKey(), 0.0);
            y[n++] = !human;
        }
        return new Scored(java.util.Arrays.copyOf(s, n), java.util.Arrays.copyOf(y, n));
    }

    static double auc(Map<String, Double> scores, Map<String, String> labels, boolean advanced) {
        Scored s = scored(scores, labels, advanced);
        return BinaryMetrics.auc(s.scores(), s.bot());
    }

    static double recall(Map<String, Double> scores, Map<String, String> labels, boolean advanced) {
        Scored s = scored(scores, labels, advanced);
        return BinaryMetrics.recallAtFpr(s.scores(), s.bot(), FPR);
    }

    static double threshold(Map<String, Double> scores, Map<String, String> labels) {
        Scored s = scored(scores, labels, false);
        return BinaryMetrics.thresholdAtFpr(s.scores(), s.bot(), FPR);
    }
}
