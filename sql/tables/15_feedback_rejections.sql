-- Feedback clicks the mail job did not trust (MailSpamJob), with the reason: unknown_mail, bot, rate_limited, flip,
-- duplicate. Append-only.
CREATE TABLE feedback_rejections (
  event_id STRING,
  user_id STRING,
  mail_id STRING,
  action STRING,
  reason STRING,
  detail STRING,
  ts BIGINT,
  rejected_at BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'feedback-rejections')
LIKE kafka_log;
