-- The antibot's verdicts (AntibotJob): every stage of every session (early, session_end), the slow judge's (final) and
-- the accounts caught by login or registration patterns (signal). Append-only here; the topic is compacted by visitor,
-- so a table scan from the start sees at least each visitor's latest verdict.
CREATE TABLE bot_verdicts (
  user_id STRING,
  site_id STRING,
  session_id STRING,
  ip STRING,
  stage STRING,
  score DOUBLE,
  model_score DOUBLE,
  signal_score DOUBLE,
  verdict STRING,
  reasons ARRAY<STRING>,
  model_version STRING,
  ts BIGINT,
  decided_at BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'bot-verdicts')
LIKE kafka_log;
