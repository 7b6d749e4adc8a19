package com.streamlens.operators.mail.category;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.stats.MulticlassMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The category network learns people, bulk and transactional mail apart; its artefact and corpora read back as written. */
public class CategoryModelTest {
    public static final List<String> CLASSES = List.of("personal", "bulk", "transactional");
    public static final CategoryTrainer.Config SMALL = new CategoryTrainer.Config(1024, 16, 0.8, 1e-5, 5e-3, 6, 16, 7);

    private static final String[] PERSONAL = {"can we move our call to tomorrow afternoon", "thanks for the notes from the meeting",
            "I attached the draft, please have a look", "are you coming to the dinner on friday", "the patch looks good to me"};
    private static final String[] BULK = {"this week's best deals on garden furniture", "our autumn collection is here, shop now",
            "subscribe to get 20% off your next order", "top stories of the week in our newsletter", "exclusive offer for our members"};
    private static final String[] TRANSACTIONAL = {"your order 4411 has shipped and will arrive", "your password was changed",
            "receipt for your payment of 42.00 EUR", "your verification code is 553201", "your booking is confirmed for 12 May"};

    /** n letters per class with the headers and senders each kind has. */
    public static List<CategoryExample> corpus(int n, long seed) {
        Random rnd = new Random(seed);
        List<CategoryExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CategoryExample(text(PERSONAL, rnd), "anna" + rnd.nextInt(50) + "@gmail.com", Map.of("x-mailer", "Thunderbird"), "personal"));
            out.add(new CategoryExample(text(BULK, rnd), "news@shop" + rnd.nextInt(20) + ".example",
                    Map.of("list-unsubscribe", "<mailto:u@shop.example>", "precedence", "bulk"), "bulk"));
            out.add(new CategoryExample(text(TRANSACTIONAL, rnd), "no-reply@mail.store" + rnd.nextInt(20) + ".example",
                    Map.of("auto-submitted", "auto-generated"), "transactional"));
        }
        return out;
    }

    private static String text(String[] pool, Random rnd) {
        return "Subject " + rnd.nextInt(1000) + "\n\n" + pool[rnd.nextInt(pool.length)] + ". " + pool[rnd.nextInt(pool.length)] + ".";
    }

    @Test
    void learnsTheThreeClassesAndHoldsThemOutStratified() {
        List<CategoryExample> all = corpus(60, 1);
        CategoryCorpus.Split split = CategoryCorpus.holdOut(all, 0.25, 3);
        assertThat(split.test()).filteredOn(e -> e.label().equals("bulk")).hasSize(15);
        CategoryTrainer.Trained m = CategoryTrainer.train(split.train(), CLASSES, SMALL, line -> { });
        int[] truth = split.test().stream().mapToInt(e -> CLASSES.indexOf(e.label())).toArray();
        Map<String, Double> metrics = MulticlassMetrics.of(truth, m.classify(split.test()), CLASSES);
        assertThat(metrics.get("macro_f1")).isGreaterThan(0.95);
        double[][] p = m.probabilities(split.test().subList(0, 3));
        for (double[] row : p) assertThat(row[0] + row[1] + row[2]).isCloseTo(1.0, Offset.offset(1e-5));
    }

    @Test
    void theArtefactScoresAsTheTrainedModelAndRefusesAnIncompatibleOne(@TempDir Path dir) throws Exception {
        List<CategoryExample> all = corpus(30, 2);
        CategoryTrainer.Trained m = CategoryTrainer.train(all, CLASSES, SMALL, line -> { });
        Path saved = CategoryModelArtefact.save(dir, "t1", m, SMALL, Map.of("macro_f1", 1.0), "sha", "test labels");
        CategoryModelArtefact.Loaded loaded = CategoryModelArtefact.load(saved.toString());
        assertThat(loaded.version()).isEqualTo("t1");
        assertThat(loaded.model().classes()).isEqualTo(CLASSES);
        List<CategoryExample> few = all.subList(0, 6);
        double[][] a = m.probabilities(few), b = loaded.model().probabilities(few), sparse = new CategoryScorer(loaded.model()).probabilities(few);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).containsExactly(a[i], Offset.offset(1e-6));
            assertThat(sparse[i]).as("the job's sparse first layer gives the network's probabilities").containsExactly(a[i], Offset.offset(1e-5));
        }

        Path meta = saved.resolve(CategoryModelArtefact.META);
        Files.writeString(meta, Files.readString(meta).replace("\"sender_length\"", "\"sender_size\""));
        assertThatThrownBy(() -> CategoryModelArtefact.load(saved)).hasMessageContaining("reads the header features")
                .hasMessageContaining("scripts/train-mail-categories");
        assertThatThrownBy(() -> CategoryModelArtefact.load(dir.resolve("none"))).hasMessageContaining("must hold meta.json and network.zip");
    }

    @Test
    void headerFeaturesReadListBulkAndSenderShape() {
        float[] bulk = HeaderFeatures.of("News <news@mail.shop.example>", Map.of("list-unsubscribe", "<x>", "precedence", "Bulk"));
        assertThat(bulk[HeaderFeatures.NAMES.indexOf("list_unsubscribe")]).isEqualTo(1f);
        assertThat(bulk[HeaderFeatures.NAMES.indexOf("precedence_bulk")]).isEqualTo(1f);
        assertThat(bulk[HeaderFeatures.NAMES.indexOf("role_sender")]).isEqualTo(1f);
        assertThat(bulk[HeaderFeatures.NAMES.indexOf("domain_depth")]).isCloseTo(1 / 3f, Offset.offset(1e-6f));
        float[] robot = HeaderFeatures.of("no-reply@store.example", Map.of("auto-submitted", "auto-generated"));
        assertThat(robot[HeaderFeatures.NAMES.indexOf("no_reply_sender")]).isEqualTo(1f);
        assertThat(robot[HeaderFeatures.NAMES.indexOf("auto_submitted")]).isEqualTo(1f);
        float[] person = HeaderFeatures.of("anna.k@gmail.com", Map.of("auto-submitted", "no"));
        assertThat(person[HeaderFeatures.NAMES.indexOf("auto_submitted")]).isZero();
        assertThat(person[HeaderFeatures.NAMES.indexOf("free_mail_domain")]).isEqualTo(1f);
        assertThat(person[HeaderFeatures.NAMES.indexOf("role_sender")]).isZero();
        assertThat(HeaderFeatures.of(null, null)).hasSize(HeaderFeatures.NAMES.size());
    }

    @Test
    void readsRawLettersAndJsonlWithHeadersAndRefusesBadLines(@TempDir Path dir) throws Exception {
        String raw = "From: Shop News <News@Shop.Example>\nList-Unsubscribe: <mailto:u@shop.example>\nPrecedence: bulk\n"
                + "Received: from x\nSubject: Autumn sale\n\nAll coats 30% off.\n";
        CategoryExample e = CategoryCorpus.fromRfc822(raw, "bulk");
        assertThat(e.from()).isEqualTo("news@shop.example");
        assertThat(e.headers()).containsEntry("precedence", "bulk").containsKey("list-unsubscribe").doesNotContainKey("received");
        assertThat(e.text()).startsWith("Autumn sale").contains("All coats 30% off.");

        Path file = dir.resolve("letters.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"text\": \"Your order shipped\", \"headers\": {\"Auto-Submitted\": \"auto-generated\", \"from\": \"no-reply@s.example\"}, \"label\": \"transactional\"}",
                "{\"text\": " + com.streamlens.state.serde.Json.toString(raw) + ", \"label\": \"Bulk\"}",
                "{\"text\": \"hi\", \"label\": \"\"}", "not json"));
        assertThatThrownBy(() -> CategoryCorpus.readJsonl(file, new BadRows(false))).isInstanceOf(BadInput.class).hasMessageContaining(":3");
        BadRows skip = new BadRows(true);
        List<CategoryExample> read = CategoryCorpus.readJsonl(file, skip);
        assertThat(skip.skipped()).isEqualTo(2);
        assertThat(read).extracting(CategoryExample::label).containsExactly("transactional", "bulk");
        assertThat(read.get(0).headers()).containsEntry("auto-submitted", "auto-generated");
        assertThat(read.get(0).from()).isEqualTo("no-reply@s.example");
        assertThat(read.get(1).headers()).containsEntry("precedence", "bulk");
        assertThat(CategoryCorpus.withoutCopies(List.of(read.get(0), new CategoryExample("YOUR  order shipped", null, null, "bulk")))).hasSize(1);
    }

    @Test
    void multiclassMetricsArePerClassAndMacro() {
        Map<String, Double> m = MulticlassMetrics.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 2, 0}, CLASSES);
        assertThat(m.get("precision_bulk")).isCloseTo(2 / 3.0, Offset.offset(1e-9));
        assertThat(m.get("recall_bulk")).isEqualTo(1.0);
        assertThat(m.get("f1_personal")).isCloseTo(0.5, Offset.offset(1e-9));
        assertThat(m.get("f1_transactional")).isCloseTo(2 / 3.0, Offset.offset(1e-9));
        assertThat(m.get("macro_f1")).isCloseTo((0.5 + 0.8 + 2 / 3.0) / 3, Offset.offset(1e-9));
        assertThat(m.get("accuracy")).isCloseTo(4 / 6.0, Offset.offset(1e-9));
    }
}
