package com.streamlens.operators.antibot;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.records.BotVerdict;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by visitor, for the jobs that must not learn from bots (recommendations, A/B statistics): a visitor's latest
 * antibot verdict from {@code bot-verdicts}; while it says bot, their clicks are dropped and counted
 * ({@code botEventsDropped}). A later human verdict lets them through again; the mark expires the verdict TTL after it
 * was set, like the {@code bot:visitor:*} key.
 */
public class DropBotTraffic extends KeyedCoProcessFunction<String, ClickEvent, BotVerdict, ClickEvent> {
    private final Duration ttl;
    private transient ValueState<Boolean> bot;
    private transient Counter dropped;

    public DropBotTraffic(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        bot = getRuntimeContext().getState(AntibotState.judgedBot(ttl));
        dropped = getRuntimeContext().getMetricGroup().counter("botEventsDropped");
    }

    @Override
    public void processElement1(ClickEvent e, Context ctx, Collector<ClickEvent> out) throws Exception {
        if (Boolean.TRUE.equals(bot.value())) {
            dropped.inc();
        } else {
            out.collect(e);
        }
    }

    @Override
    public void processElement2(BotVerdict v, Context ctx, Collector<ClickEvent> out) throws Exception {
        if (v.isBot()) {
            bot.update(true);
        } else {
            bot.clear();
        }
    }
}
