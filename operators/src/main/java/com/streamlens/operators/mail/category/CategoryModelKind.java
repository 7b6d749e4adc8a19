package com.streamlens.operators.mail.category;

import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.rollout.ModelKind;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.operators.stats.MulticlassMetrics;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.MailVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mail category model as the rollout machinery sees it (model name {@value #NAME}): it scores only the mails the
 * spam model passed (a spam mail's result is null: unscored). The gate compares 1 − P(first class), the probability of
 * robot mail with the default classes (personal first), and counts a mail as positive when its best class is not the
 * first. A candidate with other classes cannot stand in for the serving model.
 */
public final class CategoryModelKind implements ModelKind<MailboxInput, CategoryModelKind.Category> {
    public static final String NAME = "mail-categories";

    /** A mail's best class, its probability, and the probability of the artefact's first class. */
    public record Category(String name, double probability, double firstClassProbability, boolean firstClass) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelScorer<MailboxInput, Category> openServing(String location) {
        CategoryModelArtefact.Loaded loaded = CategoryModelArtefact.load(location);
        return new Scorer(loaded.version(), new CategoryScorer(loaded.model()));
    }

    @Override
    public ModelScorer<MailboxInput, Category> load(Path dir) {
        CategoryModelArtefact.Loaded loaded = CategoryModelArtefact.load(dir);
        return new Scorer(loaded.version(), new CategoryScorer(loaded.model()));
    }

    @Override
    public String incompatibility(ModelScorer<MailboxInput, Category> serving, ModelScorer<MailboxInput, Category> candidate) {
        List<String> a = ((Scorer) serving).scorer.classes();
        List<String> b = ((Scorer) candidate).scorer.classes();
        return a.equals(b) ? null : "classes " + b + " where the serving model has " + a;
    }

    /** Letters of every shape, all judged not spam: personal, a newsletter, a receipt, an empty one, Cyrillic. */
    @Override
    public List<MailboxInput> canary() {
        List<MailboxInput> out = new ArrayList<>();
        out.add(canary("alice@example.org", "lunch?", "are we still on for lunch tomorrow", Map.of()));
        out.add(canary("news@shop.example", "Weekly deals", "our best offers this week, unsubscribe at any time",
                Map.of("list-unsubscribe", "<mailto:u@shop.example>", "precedence", "bulk")));
        out.add(canary("no-reply@bank.example", "Your receipt", "payment of 12.00 received, order 1234", Map.of("auto-submitted", "auto-generated")));
        out.add(canary("", "", "", Map.of()));
        out.add(canary("ivan@example.ru", "Привет", "Как дела? Увидимся в пятницу.", Map.of()));
        return out;
    }

    private static MailboxInput canary(String from, String subject, String body, Map<String, String> headers) {
        MailEvent m = new MailEvent();
        m.type = MailType.MAIL_RECEIVED;
        m.userId = "canary";
        m.mailId = "canary";
        m.from = from;
        m.subject = subject;
        m.body = body;
        m.headers = headers;
        MailVerdict v = new MailVerdict();
        v.modelVerdict = MailVerdict.HAM;
        v.from = from;
        return MailboxInput.scored(m, v);
    }

    @Override
    public String userOf(MailboxInput in) {
        return in.event.userId;
    }

    private static final class Scorer implements ModelScorer<MailboxInput, Category> {
        private final String version;
        private final CategoryScorer scorer;

        Scorer(String version, CategoryScorer scorer) {
            this.version = version;
            this.scorer = scorer;
        }

        @Override
        public String version() {
            return version;
        }

        /** Categories of the mails the spam model passed, in one batched pass; null for the others. */
        @Override
        public List<Category> score(List<MailboxInput> batch) {
            List<Category> out = new ArrayList<>(batch.size());
            List<Integer> ham = new ArrayList<>();
            List<CategoryExample> letters = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                out.add(null);
                MailboxInput in = batch.get(i);
                if (!MailVerdict.HAM.equals(in.verdict.modelVerdict)) continue;
                ham.add(i);
                letters.add(new CategoryExample(MailText.of(in.event.subject, in.event.body), in.verdict.from, in.event.headers, null));
            }
            if (letters.isEmpty()) return out;
            double[][] p = scorer.probabilities(letters);
            for (int j = 0; j < ham.size(); j++) {
                int best = MulticlassMetrics.argmax(p[j]);
                out.set(ham.get(j), new Category(scorer.classes().get(best), p[j][best], p[j][0], best == 0));
            }
            return out;
        }

        @Override
        public double gateScore(Category c) {
            return 1 - c.firstClassProbability();
        }

        @Override
        public boolean positive(Category c) {
            return !c.firstClass();
        }
    }
}
