package com.streamlens.operators.mail.spam;

import com.streamlens.operators.rollout.ModelKind;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The spam model as the rollout machinery sees it (model name {@value #NAME}): the job's own model is leased from
 * {@link SharedSpamScorers} (one sparse copy per task manager); a candidate is loaded for its subtask alone; the gate
 * compares spam probabilities and spam rates, each model at its own threshold.
 */
public final class SpamModelKind implements ModelKind<MailEvent, SpamModelKind.Score> {
    public static final String NAME = "spam";

    /** One mail's spam probability and the model's decision at its threshold. */
    public record Score(double probability, boolean spam) {}

    private final SpamScorer.Pass pass;

    public SpamModelKind(SpamScorer.Pass pass) {
        this.pass = pass;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelScorer<MailEvent, Score> openServing(String location) {
        SharedSpamScorers.Lease lease = SharedSpamScorers.lease(location, pass);
        return new Scorer(lease.version(), lease.scorer(), lease);
    }

    @Override
    public ModelScorer<MailEvent, Score> load(Path dir) {
        SpamModelArtefact.Loaded loaded = SpamModelArtefact.load(dir);
        return new Scorer(loaded.version(), new SpamScorer(loaded.model(), pass), null);
    }

    /** Mails of every shape a model meets: plain ham and spam, empty, non-Latin, HTML-ish, very long. */
    @Override
    public List<MailEvent> canary() {
        List<MailEvent> out = new ArrayList<>();
        out.add(canary("project meeting", "agenda for the project meeting and the team review of the draft report"));
        out.add(canary("claim your prize", "winner claim prize cheap pills casino free offer click here now"));
        out.add(canary("", ""));
        out.add(canary("Счёт на оплату", "Здравствуйте, во вложении счёт за ноябрь. Спасибо!"));
        out.add(canary("<b>SALE</b>", "<html><a href='http://x.example'>-90%</a> unsubscribe</html>"));
        out.add(canary("long", "lorem ipsum dolor sit amet ".repeat(2_000)));
        return out;
    }

    private static MailEvent canary(String subject, String body) {
        MailEvent m = new MailEvent();
        m.type = MailType.MAIL_RECEIVED;
        m.userId = "canary";
        m.mailId = "canary";
        m.subject = subject;
        m.body = body;
        return m;
    }

    @Override
    public String userOf(MailEvent mail) {
        return mail.userId;
    }

    private static final class Scorer implements ModelScorer<MailEvent, Score> {
        private final String version;
        private final SpamScorer scorer;
        private final SharedSpamScorers.Lease lease;

        Scorer(String version, SpamScorer scorer, SharedSpamScorers.Lease lease) {
            this.version = version;
            this.scorer = scorer;
            this.lease = lease;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public List<Score> score(List<MailEvent> batch) {
            List<String> texts = new ArrayList<>(batch.size());
            for (MailEvent m : batch) texts.add(MailText.of(m.subject, m.body));
            double[] p = scorer.score(texts);
            double threshold = scorer.threshold();
            List<Score> out = new ArrayList<>(p.length);
            for (double x : p) out.add(new Score(x, x >= threshold));
            return out;
        }

        @Override
        public double gateScore(Score s) {
            return s.probability();
        }

        @Override
        public boolean positive(Score s) {
            return s.spam();
        }

        @Override
        public void close() {
            if (lease != null) lease.close();
        }
    }
}
