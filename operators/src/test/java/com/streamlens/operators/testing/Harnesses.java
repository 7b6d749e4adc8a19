package com.streamlens.operators.testing;

import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Operator test harnesses the feature packages share: keyed-broadcast operators and reading their keyed state. */
public final class Harnesses {
    private Harnesses() {}

    /** A keyed-broadcast operator in a harness (max parallelism 128, one subtask), opened, optionally restored first. */
    public static <IN1, IN2, OUT> KeyedBroadcastOperatorTestHarness<String, IN1, IN2, OUT> keyedBroadcast(
            KeyedBroadcastProcessFunction<String, IN1, IN2, OUT> function, MapStateDescriptor<?, ?> broadcast,
            KeySelector<IN1, String> key, OperatorSubtaskState restore) throws Exception {
        return keyedBroadcast(function, broadcast, key, restore, 1, 0);
    }

    public static <IN1, IN2, OUT> KeyedBroadcastOperatorTestHarness<String, IN1, IN2, OUT> keyedBroadcast(
            KeyedBroadcastProcessFunction<String, IN1, IN2, OUT> function, MapStateDescriptor<?, ?> broadcast,
            KeySelector<IN1, String> key, OperatorSubtaskState restore, int parallelism, int subtask) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(function, List.of(broadcast)), key, Types.STRING,
                128, parallelism, subtask);
        h.setup();
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    public static <T> T keyedState(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> h, String key, ValueStateDescriptor<T> d) throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d).value();
    }

}
