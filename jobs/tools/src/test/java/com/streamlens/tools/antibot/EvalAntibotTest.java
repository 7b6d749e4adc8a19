package com.streamlens.tools.antibot;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolInputTest;
import com.streamlens.tools.generator.BotTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labelled traffic, the evaluation's figures, and eval-antibot end to end on a small file in the documented formats. */
class EvalAntibotTest {
    @Test
    void generatedTrafficIsDeterministicAndKeepsTheTruthOutOfTheEvents() {
        var mix = BotTraffic.Mix.defaults().scaled(0.02);
        BotTraffic a = new BotTraffic(5, EvalAntibot.START, 1, 500, mix), b = new BotTraffic(5, EvalAntibot.START, 1, 500, mix);
        assertThat(a.clicks()).hasSameSizeAs(b.clicks());
        assertThat(Json.toString(a.clicks().get(7))).isEqualTo(Json.toString(b.clicks().get(7)));
        assertThat(a.labels().values()).contains("human", "scraper", "credential_stuffing", "advanced");
        for (var e : a.clicks()) assertThat(Json.toString(e)).doesNotContain("scraper", "advanced", "human");
        for (int i = 1; i < a.clicks().size(); i++) assertThat(a.clicks().get(i).ts).isGreaterThanOrEqualTo(a.clicks().get(i - 1).ts);
    }

    @Test
    void mixesAreConfigurableAndABadOneIsNamed() {
        var m = BotTraffic.Mix.parse("humans=100, advanced=250,scraper=0");
        assertThat(m.humans()).isEqualTo(100);
        assertThat(m.advanced()).isEqualTo(250);
        assertThat(m.scrapers()).isZero();
        assertThat(m.headless()).isEqualTo(BotTraffic.Mix.defaults().headless());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BotTraffic.Mix.parse("bots=3"))
                .hasMessageContaining("--mix: expected kind=count").hasMessageContaining("'bots=3'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BotTraffic.Mix.parse("scraper=-1"))
                .hasMessageContaining("the count of scraper must be 0..10000000");
    }

    static BotVerdict verdict(String user, String stage, double score, double signal) {
        BotVerdict v = new BotVerdict();
        v.userId = user;
        v.stage = stage;
        v.score = score;
        v.signalScore = signal;
        v.modelScore = score;
        v.verdict = score >= 0.5 ? BotVerdict.BOT : BotVerdict.HUMAN;
        v.reasons = List.of("x");
        return v;
    }

    @Test
    void figuresTakeEachUsersHighestScoreAndScoreAdvancedBotsApart() {
        Map<String, String> labels = Map.of("h1", "human", "h2", "human", "s1", "scraper", "a1", "advanced", "c1", "credential_stuffing");
        List<BotVerdict> v = List.of(verdict("h1", BotVerdict.SESSION_END, 0.1, 0), verdict("h1", BotVerdict.SESSION_END, 0.2, 0),
                verdict("h2", BotVerdict.SESSION_END, 0.3, 0), verdict("s1", BotVerdict.SESSION_END, 0.9, 0.9),
                verdict("a1", BotVerdict.SESSION_END, 0.25, 0), verdict("c1", BotVerdict.SIGNAL, 0.9, 0.9));
        var m = AntibotMetrics.of(v, labels);
        assertThat(m.get("auc")).isEqualTo(1.0);
        assertThat(m.get("recall_scraper")).isEqualTo(1.0);
        assertThat(m.get("advanced_auc")).isEqualTo(0.5); // 0.25 lies between the humans' 0.2 and 0.3
        assertThat(m.get("model_only_auc")).isEqualTo(0.5); // the account has no session: model score 0, below both humans
        assertThat(m.get("human_fpr_deployed")).isEqualTo(0.0);
    }

    @Test
    void evaluatesAFileInTheDocumentedFormatsAndRefusesBadLabels(@TempDir Path dir) throws Exception {
        BotTraffic t = new BotTraffic(9, EvalAntibot.START, 1, 500, new BotTraffic.Mix(160, 8, 8, 0, 1, 0, 0));
        List<String> lines = new ArrayList<>();
        t.clicks().forEach(e -> lines.add(Json.toString(e)));
        t.mails().forEach(e -> lines.add(Json.toString(e)));
        lines.add("{\"schema\":1,\"type\":\"page_view\"}"); // a dead letter, as the job would make it
        Path events = Files.write(dir.resolve("events.jsonl"), lines);
        List<String> labels = new ArrayList<>(List.of("user_id,label"));
        t.labels().forEach((u, l) -> labels.add(u + "," + l));
        Path labelFile = Files.write(dir.resolve("labels.csv"), labels);

        var ok = run("--events", events.toString(), "--labels", labelFile.toString(), "--hidden", "0");
        assertThat(ok.code()).isZero();
        String result = ok.out().get(ok.out().size() - 1);
        assertThat(result).startsWith("RESULT ");
        var r = Json.MAPPER.readTree(result.substring(7));
        assertThat(r.get("runs").asInt()).isEqualTo(2);
        assertThat(r.get("auc").asDouble()).isGreaterThan(0.9);
        assertThat(ok.out()).anyMatch(l -> l.contains("(1 rejected as the job would)"));

        Files.write(dir.resolve("bad.csv"), List.of("user_id,label", "u1"));
        var bad = run("--events", events.toString(), "--labels", dir.resolve("bad.csv").toString());
        assertThat(bad.code()).isEqualTo(com.streamlens.tools.ToolMain.BAD_INPUT);
        assertThat(bad.err()).containsExactly(dir.resolve("bad.csv") + ":2: expected user_id,label, got 'u1'");
        assertThat(bad.out()).noneMatch(l -> l.startsWith("RESULT"));
    }

    static ToolInputTest.Run run(String... args) throws Exception {
        return ToolInputTest.run(EvalAntibot::run, args);
    }
}
