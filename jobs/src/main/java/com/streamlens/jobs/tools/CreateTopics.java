package com.streamlens.jobs.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.state.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the product's Kafka topics that do not exist yet (idempotent). */
public final class CreateTopics {
    private CreateTopics() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.get("kafka", "127.0.0.1:9092");
        int partitions = Args.intIn(p, "partitions", 4, 1, 1024);
        short replication = (short) Args.intIn(p, "replication", 1, 1, 7);
        System.out.println(create(bootstrap, partitions, replication));
    }

    /** Returns a line saying what was created and what already existed. */
    public static String create(String bootstrap, int partitions, short replication) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : Topics.ALL) {
                if (existing.contains(t)) continue;
                NewTopic nt = new NewTopic(t, partitions, replication);
                // Dead letters are evidence: keep them two weeks whatever the broker default is.
                if (t.equals(Topics.DEAD_LETTERS)) nt.configs(Map.of("retention.ms", String.valueOf(14L * 86_400_000)));
                // Upsert topics keep the latest row per key forever: compaction, not deletion by age.
                if (Topics.COMPACTED.contains(t)) nt.configs(Map.of("cleanup.policy", "compact"));
                missing.add(nt);
            }
            if (!missing.isEmpty()) admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            return "topics created: " + missing.stream().map(NewTopic::name).toList() + "; already there: "
                    + Topics.ALL.stream().filter(existing::contains).toList();
        }
    }
}
