package com.streamlens.state;

import java.util.List;

/** Kafka topic names of the product: one place, used by jobs, the topic creator and the generator. */
public final class Topics {
    public static final String CLICKSTREAM = "clickstream";
    public static final String MAIL_EVENTS = "mail-events";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String GEO_ACTIVITY_30S = "geo-activity-30s";
    public static final String SITE_SPEED = "site-speed";
    /** Upsert semantics (compacted): the latest row per experiment/variant/metric key. */
    public static final String AB_STATS = "ab-stats";
    public static final String MAIL_VERDICTS = "mail-verdicts";
    /** Upsert semantics (compacted): the latest factor row per item, plus the snapshot's user Gram record. */
    public static final String ITEM_FACTORS = "item-factors";
    public static final String RECOMMENDATIONS = "recommendations";
    /** Upsert semantics (compacted, key "{site_id}:{item_id}"): a store's catalogue, for the content job (optional to fill). */
    public static final String ITEMS = "items";
    /** Antibot CEP pattern matches with their evidence. */
    public static final String BOT_SIGNALS = "bot-signals";
    /** Upsert semantics (compacted, key user id): the latest antibot verdict per visitor or account. */
    public static final String BOT_VERDICTS = "bot-verdicts";
    /** Sessions the fast antibot and the slow judge decided differently: the next model's training data. */
    public static final String ANTIBOT_TRAINING = "antibot-training";
    /** Upsert semantics (compacted, key site|user): each customer's latest churn probability with its reasons. */
    public static final String CHURN_SCORES = "churn-scores";
    /** Upsert semantics (compacted, key user|rule_id; a removed rule is a tombstone): users' personal mail rules. */
    public static final String MAIL_RULES = "mail-rules";
    /** Validated feedback clicks joined with their mail: the next spam model's training rows. */
    public static final String SPAM_FEEDBACK = "spam-feedback";
    /** Feedback clicks the mail job did not trust, with the reason. */
    public static final String FEEDBACK_REJECTIONS = "feedback-rejections";
    /** Upsert semantics (compacted, key sender:addr or domain:name): senders' global reputation from users' reports. */
    public static final String SENDER_REPUTATION = "sender-reputation";
    /** Upsert semantics (compacted, key model name): the model version to roll out, its plan and the latest operator control. */
    public static final String MODELS = "models";
    /** Upsert semantics (compacted, key model name): each model's rollout as its judge decided it, read back by the scorers. */
    public static final String MODEL_ROLLOUTS = "model-rollouts";

    /** Every topic the local stack creates, in creation order. */
    public static final List<String> ALL =
            List.of(CLICKSTREAM, MAIL_EVENTS, DEAD_LETTERS, GEO_ACTIVITY_30S, SITE_SPEED, AB_STATS, MAIL_VERDICTS,
                    ITEM_FACTORS, RECOMMENDATIONS, ITEMS, BOT_SIGNALS, BOT_VERDICTS, ANTIBOT_TRAINING, CHURN_SCORES,
                    MAIL_RULES, SPAM_FEEDBACK, FEEDBACK_REJECTIONS, SENDER_REPUTATION, MODELS, MODEL_ROLLOUTS);

    /** Topics that keep the latest record per key (cleanup.policy=compact). */
    public static final List<String> COMPACTED = List.of(AB_STATS, ITEM_FACTORS, ITEMS, BOT_VERDICTS, CHURN_SCORES, MAIL_RULES, SENDER_REPUTATION,
            MODELS, MODEL_ROLLOUTS);

    private Topics() {}
}
