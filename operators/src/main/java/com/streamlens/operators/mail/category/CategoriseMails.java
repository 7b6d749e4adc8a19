package com.streamlens.operators.mail.category;

import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.rollout.RolloutFunction;
import com.streamlens.operators.runtime.BatchFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Writes each categorised mail's class onto its verdict (mails the spam model flagged pass unchanged); counts mails per class. */
public class CategoriseMails implements RolloutFunction<MailboxInput, CategoryModelKind.Category, MailboxInput> {
    private transient MetricGroup byClass;
    private transient Map<String, Counter> perCategory;

    @Override
    public void open(MetricGroup metrics) {
        byClass = metrics.addGroup("category");
        perCategory = new HashMap<>();
    }

    @Override
    public void emit(List<MailboxInput> batch, List<Decision<CategoryModelKind.Category>> decisions, BatchFunction.Results<MailboxInput> out) {
        for (int i = 0; i < batch.size(); i++) {
            MailboxInput in = batch.get(i);
            CategoryModelKind.Category c = decisions.get(i).result();
            if (c != null) {
                in.verdict.category = c.name();
                in.verdict.categoryProbability = c.probability();
                in.verdict.categoryModelVersion = decisions.get(i).modelVersion();
                perCategory.computeIfAbsent(c.name(), byClass::counter).inc();
            }
            out.emit(i, in);
        }
    }
}
