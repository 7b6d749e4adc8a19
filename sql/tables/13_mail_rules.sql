-- Users' personal mail rules (MailSpamJob), born of their validated feedback clicks: sender or domain → always or never
-- spam, unsubscribe → the sender's bulk mail skips the inbox. An upsert table keyed "user|rule_id"; an expired or
-- evicted rule is a tombstone, so the table holds the rules in force.
CREATE TABLE mail_rules (
  row_key STRING,
  user_id STRING,
  rule_id STRING,
  kind STRING,
  target STRING,
  effect STRING,
  clicks INT,
  created_at BIGINT,
  reinforced_at BIGINT,
  PRIMARY KEY (row_key) NOT ENFORCED
) WITH ('topic' = 'mail-rules')
LIKE kafka_upsert;
