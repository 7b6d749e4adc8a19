-- The churn job's scores (ChurnJob): each customer's probability of no activity in the label horizon (90 days by
-- default), once a day of event time, at purchase milestones, and a last one (trigger 'final') before their state
-- expires. The topic is compacted by site|user, so a scan from the start sees at least each customer's latest score.
CREATE TABLE churn_scores (
  user_id STRING,
  site_id STRING,
  probability DOUBLE,
  top_features ARRAY<ROW<feature STRING, `value` DOUBLE, contribution DOUBLE>>,
  model_version STRING,
  as_of BIGINT,
  `trigger` STRING,
  scored_at BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(as_of, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH ('topic' = 'churn-scores')
LIKE kafka_log;
