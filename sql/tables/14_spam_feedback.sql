-- Validated feedback clicks joined with the mail they are about (MailSpamJob): the next spam model's training rows
-- (label spam or ham; none for an unsubscribe). Append-only.
CREATE TABLE spam_feedback (
  event_id STRING,
  mail_id STRING,
  user_id STRING,
  `from` STRING,
  action STRING,
  label STRING,
  ts BIGINT,
  verdict STRING,
  model_verdict STRING,
  spam_probability DOUBLE,
  model_version STRING,
  subject STRING,
  body STRING,
  headers MAP<STRING, STRING>,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'spam-feedback')
LIKE kafka_log;
