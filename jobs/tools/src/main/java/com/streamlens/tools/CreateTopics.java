package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.kafka.KafkaIO;
import org.apache.flink.util.ParameterTool;

/** Creates the product's Kafka topics that do not exist yet (idempotent): {@code --kafka H:P [--partitions 4] [--replication 1]}. */
public final class CreateTopics {
    private CreateTopics() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, CreateTopics::create);
    }

    static void create(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.get("kafka", "127.0.0.1:9092");
        int partitions = Args.intIn(p, "partitions", 4, 1, 1024);
        short replication = (short) Args.intIn(p, "replication", 1, 1, 7);
        System.out.println(KafkaIO.createMissingTopics(bootstrap, partitions, replication));
    }
}
