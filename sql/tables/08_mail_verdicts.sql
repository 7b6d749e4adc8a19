-- The decision on every received mail (MailSpamJob): the spam model's (model_verdict), unless a personal rule or the
-- sender's global reputation overrode it (decided_by, rule); the category of mail the model passed. Append-only.
CREATE TABLE mail_verdicts (
  mail_id STRING,
  user_id STRING,
  event_id STRING,
  ts BIGINT,
  spam_probability DOUBLE,
  verdict STRING,
  model_verdict STRING,
  decided_by STRING,
  rule STRING,
  folder STRING,
  `from` STRING,
  category STRING,
  category_probability DOUBLE,
  model_version STRING,
  category_model_version STRING,
  scored_at BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'mail-verdicts')
LIKE kafka_log;
