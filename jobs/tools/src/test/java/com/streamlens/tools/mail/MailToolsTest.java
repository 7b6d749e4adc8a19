package com.streamlens.tools.mail;

import static com.streamlens.tools.ToolInputTest.assertRefused;
import static com.streamlens.tools.ToolInputTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.category.CategoryModelTest;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.SpamCorpus;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.serde.Json;
import com.streamlens.state.serde.MailEventParser;
import com.streamlens.tools.ToolInputTest;
import com.streamlens.tools.TrainSpam;
import com.streamlens.tools.generator.MailGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail tools: category training and its refusals, feedback as training rows, the generator's clicks and the campaign world. */
class MailToolsTest {
    @Test
    void trainsCategoriesAndReportsMacroAndPerClassF1WithTheirSpread(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("letters.jsonl");
        List<String> lines = new ArrayList<>();
        for (CategoryExample e : CategoryModelTest.corpus(25, 3)) {
            lines.add(Json.toString(Map.of("text", e.text(), "headers", e.headers(), "from", e.from(), "label", e.label())));
        }
        Files.write(data, lines);
        ToolInputTest.Run r = run(TrainMailCategories::train, "--data", data.toString(), "--out", dir.resolve("models").toString(),
                "--buckets", "1024", "--hidden", "16", "--retain", "0.8", "--learning-rate", "5e-3", "--epochs", "6", "--splits", "2");
        assertThat(r.code()).isZero();
        String result = r.out().get(r.out().size() - 1);
        assertThat(result).startsWith("RESULT ");
        var json = Json.MAPPER.readTree(result.substring(7));
        assertThat(json.path("macro_f1").asDouble()).isGreaterThan(0.8);
        assertThat(json.has("macro_f1_sd")).isTrue();
        for (String c : List.of("personal", "bulk", "transactional")) assertThat(json.has("f1_" + c)).as(c).isTrue();
        assertThat(Path.of(json.path("model").asText()).resolve("meta.json")).exists();
    }

    @Test
    void categoryTrainingRefusesUnknownLabelsAndBadLines(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("letters.jsonl");
        Files.writeString(data, "{\"text\": \"hi\", \"label\": \"personal\"}\n{\"text\": 5, \"label\": \"bulk\"}\n");
        assertRefused(run(TrainMailCategories::train, "--data", data.toString()), data + ":2: field \"text\" is missing or not a string");
        Files.writeString(data, "{\"text\": \"hi\", \"label\": \"personal\"}\n{\"text\": \"sale\", \"label\": \"promo\"}\n");
        assertRefused(run(TrainMailCategories::train, "--data", data.toString()),
                data + ": labels [promo] are not among --classes [personal, bulk, transactional]");
    }

    @Test
    void feedbackBecomesTrainingLettersByMajorityAndWeighsByCopies(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("feedback.jsonl");
        Files.write(f, List.of(
                row("m1", "spam", "Re: notes", "the notes are at https://docs-x.net/a"),
                row("m2", "spam", "Re: notes", "the notes are at https://docs-x.net/a"),
                row("m3", "ham", "Re: notes", "the notes are at https://docs-x.net/a"),
                row("m4", "ham", "lunch", "are we on for lunch"),
                row("m5", "spam", "tie", "one says spam"), row("m6", "ham", "tie", "one says spam"),
                "{\"mail_id\": \"m7\", \"action\": \"unsubscribe\", \"label\": null, \"subject\": \"news\", \"body\": \"x\"}",
                "{\"mail_id\": \"m8\", \"label\": \"maybe\", \"subject\": \"s\", \"body\": \"b\"}"));
        BadRows skip = new BadRows(true);
        List<LabeledMail> rows = SpamCorpus.readFeedback(f, skip);
        assertThat(skip.skipped()).as("the line with label maybe").isEqualTo(1);
        assertThat(rows).extracting(m -> m.text().substring(0, m.text().indexOf('\n')) + "=" + m.spam())
                .containsExactly("Re: notes=true", "lunch=false");
        assertThat(TrainSpam.withFeedback(List.of(), rows, 3)).hasSize(6);
    }

    static String row(String id, String label, String subject, String body) {
        return Json.toString(Map.of("mail_id", id, "user_id", "u", "action", label.equals("spam") ? "spam" : "not_spam", "label", label,
                "subject", subject, "body", body));
    }

    @Test
    void theGeneratorsClicksAreAboutMailTheClickerGotAndEveryEventParses() throws Exception {
        MailGenerator g = new MailGenerator(5, 200);
        MailEventParser parser = new MailEventParser();
        Map<String, String> recipient = new HashMap<>();
        List<MailEvent> clicks = new ArrayList<>();
        long ts = 1_765_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            MailEvent e = g.next(ts + i * 50L);
            parser.parse(Json.toString(e).getBytes(StandardCharsets.UTF_8));
            if (e.type == MailType.MAIL_RECEIVED) recipient.put(e.mailId, e.userId);
            if (e.type == MailType.FEEDBACK) clicks.add(e);
        }
        List<MailEvent> people = clicks.stream().filter(c -> !c.userId.startsWith("mailbot-")).toList();
        assertThat(people).isNotEmpty().allSatisfy(c -> assertThat(recipient.get(c.mailId)).isEqualTo(c.userId));
        assertThat(people.stream().filter(c -> MailGenerator.careful(c.userId)).count()).as("careful readers click most")
                .isGreaterThan(people.size() / 2);
        assertThat(clicks.stream().filter(c -> c.userId.startsWith("mailbot-"))).allSatisfy(c -> assertThat(recipient.get(c.mailId)).isNotEqualTo(c.userId));
        assertThat(clicks.stream().map(c -> c.action).collect(Collectors.toSet())).contains("spam", "unsubscribe");
    }

    @Test
    void theCampaignWorldSpinsEveryTemplateAndClickersClickTheirFirstCampaignMails() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (String t : FeedbackCampaign.TEMPLATES) assertThat(FeedbackCampaign.spin(rnd, t, "Billing")).doesNotContain("{").doesNotContain("}");
        List<CategoryExample> ham = List.of(new CategoryExample("Lunch\n\nAre we on for Thursday?", "bob@example.org", Map.of("from", "bob@example.org"), "personal"));
        FeedbackCampaign.World w = FeedbackCampaign.build(3, 400, 2, 4, 2, 0.1, 2, 0.02, 2, 0.0, ham);
        assertThat(w.events()).isSortedAccordingTo(java.util.Comparator.comparingLong(e -> e.ts));
        Set<String> senders = w.events().stream().filter(e -> e.type == MailType.MAIL_RECEIVED && w.campaign().containsKey(e.mailId)).map(e -> e.from).collect(Collectors.toSet());
        assertThat(senders).hasSizeBetween(15, 20);
        assertThat(senders.stream().map(s -> s.substring(s.indexOf('@') + 1)).collect(Collectors.toSet())).hasSize(3);
        // Without rotation a recipient hears from one address only.
        Map<String, Set<String>> fromPerUser = w.events().stream().filter(e -> e.type == MailType.MAIL_RECEIVED && w.campaign().containsKey(e.mailId))
                .collect(Collectors.groupingBy(e -> e.userId, Collectors.mapping(e -> e.from, Collectors.toSet())));
        assertThat(fromPerUser.values()).allSatisfy(s -> assertThat(s).hasSize(1));
        assertThat(w.campaign().values()).filteredOn(c -> c.template() >= 3).allSatisfy(c -> assertThat(c.ts() - FeedbackCampaign.T0)
                .isGreaterThanOrEqualTo(3_600_000L));
        for (String clicker : w.clickers()) {
            List<String> theirs = w.events().stream().filter(e -> e.type == MailType.MAIL_RECEIVED && e.userId.equals(clicker) && w.campaign().containsKey(e.mailId))
                    .map(e -> e.mailId).limit(2).toList();
            assertThat(w.clicks().stream().filter(c -> c.userId().equals(clicker) && c.who().equals("clicker")).map(FeedbackCampaign.Click::mailId))
                    .containsExactlyInAnyOrderElementsOf(theirs);
        }
        assertThat(w.botVerdicts()).hasSize(2);
    }
}
