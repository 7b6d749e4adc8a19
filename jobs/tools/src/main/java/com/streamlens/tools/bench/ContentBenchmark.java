package com.streamlens.tools.bench;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.content.ContentIndex;
import com.streamlens.operators.content.ContentSettings;
import com.streamlens.operators.content.DocumentFrequencies;
import com.streamlens.operators.content.ItemTagger;
import com.streamlens.operators.content.TagAnalyzer;
import com.streamlens.operators.content.TagProfile;
import com.streamlens.operators.content.TagVector;
import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.generator.Catalogue;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/bench-content: the content recommender's hot paths on one thread, with the operators' own classes and the
 * generator's Russian and English product titles. (1) Profile updates: analyse a page title (Lucene chain, ~60
 * characters), weight it into an item vector with the catalogue's document frequencies, and add it to the visitor's
 * 50-tag profile (decay, eviction), without RocksDB. (2) Content top-N: a visitor's profile scored through the inverted
 * index of --items item vectors (top 20). Per-core figures divide by the JVM's CPU seconds. Prints RESULT {json} last.
 */
public final class ContentBenchmark {
    private ContentBenchmark() {}

    public static void main(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        int items = Args.intIn(p, "items", 100_000, 100, 10_000_000);
        int users = Args.intIn(p, "users", 10_000, 10, 10_000_000);
        int updates = Args.intIn(p, "updates", 500_000, 1000, 100_000_000);
        int topUsers = Args.intIn(p, "topn-users", 20_000, 100, 10_000_000);
        int n = Args.intIn(p, "n", 20, 1, 1000);
        ContentSettings s = ContentSettings.defaults();
        System.out.printf("%,d items, %,d visitors, %d-tag profiles, %d-tag items, half-life %d days, top %d%n", items, users,
                s.profileTags(), s.itemTags(), s.halfLifeMs() / ContentSettings.DAY_MS, n);

        TagAnalyzer analyzer = new TagAnalyzer(List.of("shop-1"));
        ItemTagger tagger = new ItemTagger(analyzer, new DocumentFrequencies(4096), s.maxShare(), s.itemTags());
        List<String> titles = new ArrayList<>(items);
        double chars = 0;
        for (int i = 0; i < items; i++) {
            String t = Catalogue.title(i) + " | shop-1";
            titles.add(t);
            chars += t.length();
            tagger.countItem(analyzer.tags(t));
        }
        System.out.printf("catalogue: mean title %.0f characters, e.g. \"%s\", \"%s\"%n", chars / items, titles.get(1), titles.get(2));

        // (1) Profile updates: each event analyses its page's title as the job does for a page view.
        Random r = new Random(42);
        TagProfile[] profiles = new TagProfile[users];
        for (int u = 0; u < users; u++) profiles[u] = new TagProfile();
        long ts = 0;
        for (int i = 0; i < Math.min(updates, 100_000); i++) { // warm-up
            profiles[r.nextInt(users)].add(tagger.vector(titles.get(zipf(r, items))), 1, ts += 1000, s.halfLifeMs(), s.profileTags());
        }
        long cpu0 = cpu(), wall0 = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            profiles[r.nextInt(users)].add(tagger.vector(titles.get(zipf(r, items))), 1, ts += 1000, s.halfLifeMs(), s.profileTags());
        }
        double updateCpu = (cpu() - cpu0) / 1e9, updateWall = (System.nanoTime() - wall0) / 1e9;
        long tags = 0;
        for (TagProfile pr : profiles) tags += pr.size();
        System.out.printf("profile updates: %,d in %.2f s CPU (%.2f s wall): %,.0f per core-second; mean profile %.1f tags%n", updates,
                updateCpu, updateWall, updates / updateCpu, (double) tags / users);

        // (2) Content top-N over the whole catalogue.
        ContentIndex index = new ContentIndex();
        for (int i = 0; i < items; i++) index.put("item-" + i, tagger.vector(titles.get(i)));
        long postings = 0;
        for (int i = 0; i < items; i++) postings += index.vector("item-" + i).size();
        for (int i = 0; i < Math.min(topUsers, 2000); i++) index.topN(profiles[i % users].vector(ts, s.halfLifeMs()), id -> false, n); // warm-up
        cpu0 = cpu();
        wall0 = System.nanoTime();
        long returned = 0;
        for (int i = 0; i < topUsers; i++) {
            TagVector profile = profiles[i % users].vector(ts, s.halfLifeMs());
            ScoredItems top = index.topN(profile, id -> false, n);
            returned += top.size();
        }
        double topCpu = (cpu() - cpu0) / 1e9, topWall = (System.nanoTime() - wall0) / 1e9;
        System.out.printf("content top-%d: %,d visitors over %,d items (%,d postings) in %.2f s CPU (%.2f s wall): %,.0f per core-second; %.1f items returned each%n",
                n, topUsers, items, postings, topCpu, topWall, topUsers / topCpu, (double) returned / topUsers);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("profile_updates_per_s_per_core", Math.round(updates / updateCpu));
        result.put("content_topn_users_per_s_per_core", Math.round(topUsers / topCpu));
        result.put("items", items);
        result.put("mean_title_chars", Math.round(chars / items));
        result.put("mean_profile_tags", Math.round(10.0 * tags / users) / 10.0);
        result.put("postings", postings);
        System.out.println("RESULT " + Json.toString(result));
    }

    /** Zipf-like popularity: a few items take most page views. */
    private static int zipf(Random r, int n) {
        return (int) Math.min(n - 1, Math.floor(n * Math.pow(r.nextDouble(), 2.2)));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
