package com.streamlens.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.mail.spam.SpamTrainerTest;
import com.streamlens.state.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools refuse bad input the way the jobs do: one line on stderr naming the file, the line and the field, exit
 * code 2, and no RESULT line; {@code --skip-bad-rows} skips and says how many.
 */
public class ToolInputTest {
    public record Run(int code, List<String> out, List<String> err) {
        public boolean printedResult() {
            return out.stream().anyMatch(l -> l.startsWith("RESULT"));
        }
    }

    /** Runs a tool as its main does, with stdout and stderr captured. */
    public static Run run(ToolMain.Body tool, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ToolMain.run(args, tool, new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    public static void assertRefused(Run r, String message) {
        assertThat(r.err()).containsExactly(message);
        assertThat(r.code()).isEqualTo(ToolMain.BAD_INPUT);
        assertThat(r.printedResult()).as("no RESULT line after a refusal").isFalse();
    }

    static Path ratings(Path dir, String... rows) throws Exception {
        Path f = dir.resolve("ratings.csv");
        List<String> lines = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
        lines.addAll(List.of(rows));
        Files.write(f, lines);
        return f;
    }

    /** 20 users × 12 positives each, over time: enough for a tiny evaluation. */
    static List<String> goodRatings() {
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < 12; t++) for (int u = 0; u < 20; u++) rows.add(u + "," + ((u + 3 * t) % 30) + ",4.5," + (1000 + 20 * t + u));
        return rows;
    }

    static final String[] SMALL_RECS = {"--factors", "4", "--epochs", "2", "--seeds", "1"};

    @Test
    void evalRecsRefusesAHeaderOnlyFile(@TempDir Path dir) throws Exception {
        Path f = ratings(dir);
        assertRefused(run(EvalRecs::evaluate, "--ratings", f.toString()), f + ": no positives (rating >= 4.0) among 0 rows");
    }

    @Test
    void evalRecsNamesTheLineAndFieldOfANonNumericRating(@TempDir Path dir) throws Exception {
        Path f = ratings(dir, "1,10,x,5");
        assertRefused(run(EvalRecs::evaluate, "--ratings", f.toString()), f + ":2: rating \"x\" is not a number");
    }

    @Test
    void evalRecsSaysWhenTheFileIsMissingOrItsHeaderWrong(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.csv");
        assertRefused(run(EvalRecs::evaluate, "--ratings", missing.toString()), missing + ": no such file");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "user,item,score,time\n1,2,5,3\n");
        assertRefused(run(EvalRecs::evaluate, "--ratings", other.toString()),
                other + ":1: expected the header userId,movieId,rating,timestamp, got \"user,item,score,time\"");
    }

    @Test
    void evalRecsRefusesTooFewPositivesForATestStream(@TempDir Path dir) throws Exception {
        Path f = ratings(dir, "1,10,5,5", "1,11,2,6");
        assertRefused(run(EvalRecs::evaluate, "--ratings", f.toString()),
                f + ": 1 positives: too few for a training part and a test stream (the last 10% by time)");
    }

    @Test
    void evalRecsSkipsBadRowsOnlyWhenToldAndSaysHowMany(@TempDir Path dir) throws Exception {
        List<String> rows = new ArrayList<>(goodRatings());
        rows.add(5, "7,12,five,1100");
        Path f = ratings(dir, rows.toArray(String[]::new));
        String[] args = {"--ratings", f.toString(), SMALL_RECS[0], SMALL_RECS[1], SMALL_RECS[2], SMALL_RECS[3], SMALL_RECS[4], SMALL_RECS[5]};
        assertRefused(run(EvalRecs::evaluate, args), f + ":7: rating \"five\" is not a number");

        String[] skipping = java.util.Arrays.copyOf(args, args.length + 1);
        skipping[args.length] = "--skip-bad-rows";
        Run r = run(EvalRecs::evaluate, skipping);
        assertThat(r.code()).isZero();
        assertThat(r.out()).anyMatch(l -> l.equals("skipped 1 bad rows (--skip-bad-rows); the first: " + f + ":7: rating \"five\" is not a number"));
        assertThat(r.out().get(r.out().size() - 1)).startsWith("RESULT");
    }

    @Test
    void evalRecsNamesTheLineAndFieldOfABadCatalogueRowAndWantsACatalogueForContent(@TempDir Path dir) throws Exception {
        Path f = ratings(dir, "1,10,4.0,1", "1,11,4.0,2");
        assertRefused(run(EvalRecs::evaluate, "--ratings", f.toString(), "--model", "content"),
                "--model content and hybrid need --items PATH (MovieLens movies.csv: movieId,title,genres)");
        Path movies = Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n10,\"Heat (1995)\",Crime\n,Nameless,Drama\n");
        assertRefused(run(EvalRecs::evaluate, "--ratings", f.toString(), "--model", "hybrid", "--items", movies.toString()),
                movies + ":3: movieId is empty");
        assertRefused(run(EvalRecs::evaluate, "--ratings", f.toString(), "--model", "knn"), "--model must be ials, content or hybrid, got 'knn'");
    }

    static Path jsonl(Path dir, List<Map<String, String>> lines) throws Exception {
        Path f = dir.resolve("mails.jsonl");
        Files.write(f, lines.stream().map(Json::toString).toList());
        return f;
    }

    static final String[] SMALL_SPAM = {"--buckets", "1024", "--hidden", "16", "--epochs", "2", "--batch", "16",
            "--threshold-folds", "2", "--seed", "5", "--old-new", "false"};

    static String[] spamArgs(Path data, Path out) {
        String[] a = java.util.Arrays.copyOf(SMALL_SPAM, SMALL_SPAM.length + 4);
        a[SMALL_SPAM.length] = "--data";
        a[SMALL_SPAM.length + 1] = data.toString();
        a[SMALL_SPAM.length + 2] = "--out";
        a[SMALL_SPAM.length + 3] = out.toString();
        return a;
    }

    @Test
    void trainSpamNamesTheLineOfAnUnknownLabelAndTakesAnyCase(@TempDir Path dir) throws Exception {
        Path f = jsonl(dir, List.of(Map.of("text", "hello there", "label", "Spam"), Map.of("text", "win money", "label", "1")));
        assertRefused(run(TrainSpam::train, spamArgs(f, dir.resolve("models"))), f + ":2: label must be \"spam\" or \"ham\", got \"1\"");
    }

    @Test
    void plainTextsWithASubjectFirstLineTrainAndKeepTheirMessages(@TempDir Path dir) throws Exception {
        List<Map<String, String>> lines = new ArrayList<>();
        List<LabeledMail> corpus = SpamTrainerTest.corpus(200, 5);
        for (int i = 0; i < corpus.size(); i++) {
            // The export format users bring: "Subject: …" on the first line, the body right after, no blank line.
            lines.add(Map.of("text", "Subject: msg " + i + "\n" + MailText.body(corpus.get(i).text()),
                    "label", corpus.get(i).spam() ? "SPAM" : "ham"));
        }
        Run r = run(TrainSpam::train, spamArgs(jsonl(dir, lines), dir.resolve("models")));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).anyMatch(l -> l.startsWith("200 messages, 200 after de-duplication (0 exact and 0 near copies removed, 0 letters filed under both labels dropped"));
        assertThat(r.out().get(r.out().size() - 1)).startsWith("RESULT");
    }

    @Test
    void aDeduplicationThatRemovesMostOfTheCorpusIsRefusedWithExamples(@TempDir Path dir) throws Exception {
        List<Map<String, String>> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) lines.add(Map.of("text", "From: a@b\nSubject: note " + i + "\n\nsame body", "label", i % 2 == 0 ? "spam" : "ham"));
        Path f = jsonl(dir, lines);
        Run r = run(TrainSpam::train, spamArgs(f, dir.resolve("models")));
        assertThat(r.code()).isEqualTo(ToolMain.BAD_INPUT);
        assertThat(r.printedResult()).isFalse();
        assertThat(r.err()).singleElement().satisfies(l -> assertThat(l)
                .startsWith(f + ": de-duplication removed 60 of 60 messages (more than half") // one letter under both labels: all dropped
                .contains("removed e.g. \"note 0 same body\", \"note 1 same body\""));
    }

    @Test
    void anUntouchedTestSplitWithoutSpamIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        // Spam texts picked so that none falls in the untouched 20% (the split is a hash of each letter's text).
        List<Map<String, String>> lines = new ArrayList<>();
        List<LabeledMail> corpus = SpamTrainerTest.corpus(600, 3);
        int spam = 0, ham = 0;
        for (LabeledMail m : corpus) {
            String text = "Subject: x\n" + MailText.body(m.text());
            LabeledMail asRead = new LabeledMail(MailText.of("x", MailText.body(m.text())), m.spam(), "jsonl");
            if (m.spam() && spam < 30 && !com.streamlens.operators.mail.spam.SpamSplits.untouched(asRead)) {
                lines.add(Map.of("text", text, "label", "spam"));
                spam++;
            } else if (!m.spam() && ham < 60) {
                lines.add(Map.of("text", text, "label", "ham"));
                ham++;
            }
        }
        Path f = jsonl(dir, lines);
        Run r = run(TrainSpam::train, spamArgs(f, dir.resolve("models")));
        assertThat(r.code()).isEqualTo(ToolMain.BAD_INPUT);
        assertThat(r.printedResult()).isFalse();
        assertThat(r.err()).singleElement().satisfies(l -> assertThat(l)
                .startsWith(f + ": the untouched test split has 0 spam and ").endsWith(" ham messages; it needs both"));
    }

    @Test
    void tooFewMessagesOfAClassAreRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        List<Map<String, String>> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) lines.add(Map.of("text", "message number " + i + " with its own words " + i * 7, "label", i < 25 ? "ham" : "spam"));
        Path f = jsonl(dir, lines);
        assertRefused(run(TrainSpam::train, spamArgs(f, dir.resolve("models"))),
                f + ": 5 spam and 25 ham messages after de-duplication; at least 20 of each are needed");
    }

    @Test
    void theGeneratorAndTopicCreationRefuseABadOptionBeforeConnecting() throws Exception {
        assertRefused(run(GenerateEvents::generate, "--rate", "lots"), "--rate must be a whole number, got 'lots'");
        assertRefused(run(CreateTopics::create, "--partitions", "0"), "--partitions must be in 1..1024, got 0");
    }
}
