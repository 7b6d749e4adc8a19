-- The spam model's verdict on every received mail (MailSpamJob). Append-only.
CREATE TABLE mail_verdicts (
  mail_id STRING,
  user_id STRING,
  event_id STRING,
  ts BIGINT,
  spam_probability DOUBLE,
  verdict STRING,
  model_version STRING,
  scored_at BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'mail-verdicts')
LIKE kafka_log;
