package com.streamlens.jobs.testing;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;

/** Checks on a wired pipeline before it runs. */
public final class JobGraphs {
    private JobGraphs() {}

    /**
     * The operators of the environment's pipeline that have no explicit uid: a savepoint maps state to operators by
     * uid, and a generated one changes with the topology, so an upgrade could not restore them.
     */
    public static List<String> operatorsWithoutUid(StreamExecutionEnvironment env) {
        return env.getStreamGraph(false).getStreamNodes().stream()
                .filter(n -> n.getTransformationUID() == null)
                .map(StreamNode::getOperatorName)
                .sorted()
                .toList();
    }
}
