package com.streamlens.operators.recs.als;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.recs.Interaction;
import com.streamlens.state.records.UserHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline replay's own protocol on tiny hand-made data: reading, the split, skipping, cold users, exclusion, popularity, intervals. */
class RecsEvaluationTest {
    static final AlsConfig CONFIG = AlsConfig.defaults().withFactors(4).withHistoryLimit(2);

    static Interaction rated(String user, String item, long ts) {
        return new Interaction(user, item, "ratings", 1f, ts);
    }

    @Test
    void readsPositivesInStableTimeOrderWithMillisecondTimes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, "userId,movieId,rating,timestamp\n1,10,4.0,20\n1,11,3.5,5\n2,12,5.0,10\n3,13,4.5,10\n");
        List<Interaction> log = RecsEvaluation.readPositives(csv, 4.0, 1f);
        assertThat(log).extracting(i -> i.userId + "/" + i.itemId + "@" + i.ts).containsExactly("2/12@10000", "3/13@10000", "1/10@20000");
    }

    @Test
    void splitsAtTheFractionByTime() {
        List<Interaction> log = new ArrayList<>();
        for (int i = 0; i < 10; i++) log.add(rated("u", "i" + i, i));
        List<List<Interaction>> split = RecsEvaluation.split(log, 0.9);
        assertThat(split.get(0)).hasSize(9);
        assertThat(split.get(1)).extracting(i -> i.itemId).containsExactly("i9");
    }

    @Test
    void skipsWhatTheUserHasCountsColdUsersApartAndEvaluatesTheRest() {
        List<Interaction> train = new ArrayList<>();
        for (String u : List.of("a", "b", "c")) for (int i = 0; i < 6; i++) train.add(rated(u, "i" + i, 0));
        List<Interaction> stream = List.of(
                rated("a", "i0", 1), // a has it: skipped
                rated("new", "i1", 2), // no history: cold
                rated("b", "i6", 3), // evaluated (an item new to the catalogue cannot be hit)
                rated("new", "i2", 4)); // now has a history: evaluated
        var r = RecsEvaluation.run(CONFIG, 2, 1, train, stream, RecsEvaluation.Protocol.JOB, line -> {});
        assertThat(r.nSkipped()).isEqualTo(1);
        assertThat(r.nCold()).isEqualTo(1);
        assertThat(r.nEval()).isEqualTo(2);
        assertThat(r.nUsers()).isEqualTo(2);
        assertThat(r.hr20()).as("i6 has no row yet; i2 is one of 6 other items").isEqualTo(0.5);
    }

    @Test
    void furtherModelsAreRankedOnTheSameEventsAndColdItemEventsAreCountedApart() {
        List<Interaction> train = new ArrayList<>();
        for (String u : List.of("a", "b", "c")) for (int i = 0; i < 6; i++) train.add(rated(u, "i" + i, 0));
        train.add(rated("a", "rare", 0)); // 1 positive before the stream: a cold item (< 5)
        List<Interaction> stream = List.of(rated("b", "rare", 1), rated("c", "i5x", 2), rated("c", "rare", 3));
        List<String> learned = new ArrayList<>();
        ReplayModels oracle = new ReplayModels() { // knows the answer: a harness check, not a recommender
            public List<String> names() {
                return List.of("oracle");
            }

            public List<ScoredItems> rank(Interaction e, IalsView als, Set<String> excluded, int n) {
                assertThat(excluded).as("the job's exclusion: the user's history").contains("i5");
                assertThat(als.top().size()).isPositive();
                return List.of(new ScoredItems(new String[] {e.itemId}, new float[] {1f}));
            }

            public void learn(Interaction e) {
                learned.add(e.userId + "/" + e.itemId);
            }
        };
        var r = RecsEvaluation.run(CONFIG, 2, 1, train, stream, RecsEvaluation.Protocol.JOB, oracle, line -> {});
        assertThat(learned).hasSize(train.size() + stream.size()).endsWith("b/rare", "c/i5x", "c/rare");
        RecsEvaluation.HitRates o = r.models().get("oracle");
        assertThat(o.evaluated()).isEqualTo(3);
        assertThat(o.hr10()).isEqualTo(1.0);
        assertThat(o.coldItems()).as("rare twice (1 then 2 positives before), i5x once (none)").isEqualTo(3);
        assertThat(o.coldHr10()).isEqualTo(1.0);
        assertThat(r.models()).containsKeys("ials", "popularity", "oracle");
        assertThat(r.models().get("ials").evaluated()).isEqualTo(3);
        assertThat(r.models().get("ials").hr10()).isEqualTo(r.hr10());
    }

    @Test
    void theJobsExclusionIsTheBoundedHistoryTheOldOneEverythingRated() {
        UserHistory h = new UserHistory();
        for (String item : List.of("old", "mid", "new")) h.record(item, 1f, 0, 2, 10f);
        Set<String> everything = Set.of("old", "mid", "new");
        assertThat(RecsEvaluation.excluded(RecsEvaluation.Protocol.JOB, everything, h)).containsExactlyInAnyOrder("mid", "new");
        assertThat(RecsEvaluation.excluded(RecsEvaluation.Protocol.INSTANT, everything, h)).containsExactlyInAnyOrder("old", "mid", "new");
    }

    @Test
    void popularityRanksCountsLeavingOutOwnItemsWithTiesBeforeTheTarget() {
        Map<String, Double> counts = Map.of("a", 5.0, "b", 3.0, "c", 3.0, "d", 1.0);
        assertThat(RecsEvaluation.popularityRank(counts, Set.of(), "c", 20)).as("a and b (a tie) rank before c").isEqualTo(2);
        assertThat(RecsEvaluation.popularityRank(counts, Set.of("a"), "c", 20)).isEqualTo(1);
        assertThat(RecsEvaluation.popularityRank(counts, Set.of(), "d", 3)).as("not among the top 3").isEqualTo(-1);
        assertThat(RecsEvaluation.popularityRank(counts, Set.of(), "unknown", 20)).isEqualTo(-1);
    }

    @Test
    void theBootstrapIntervalOverUsersBracketsTheRateAndWidensWithFewerUsers() {
        List<int[]> many = new ArrayList<>(), few = new ArrayList<>();
        for (int u = 0; u < 400; u++) many.add(new int[] {4, u % 4 == 0 ? 2 : 0, 0}); // rate 0.125
        for (int u = 0; u < 20; u++) few.add(new int[] {4, u % 4 == 0 ? 2 : 0, 0});
        double[] wide = RecsEvaluation.bootstrap(few, 1, 7), narrow = RecsEvaluation.bootstrap(many, 1, 7);
        assertThat(narrow[0]).isLessThan(0.125);
        assertThat(narrow[1]).isGreaterThan(0.125);
        assertThat(wide[1] - wide[0]).isGreaterThan(2 * (narrow[1] - narrow[0]));
    }
}
