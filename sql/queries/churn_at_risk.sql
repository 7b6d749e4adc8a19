-- The customers most likely to leave, by their latest score, over what the topic holds now (a retention campaign's
-- list; Redis churn:at-risk:{site} holds the same per site, top 10,000).
SET 'execution.runtime-mode' = 'batch';
SELECT site_id, user_id, probability, top_features[1].feature AS strongest_reason, TO_TIMESTAMP_LTZ(as_of, 3) AS as_of,
       model_version
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY site_id, user_id ORDER BY as_of DESC) AS newest
  FROM churn_scores /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
)
WHERE newest = 1 AND `trigger` <> 'final'
ORDER BY probability DESC
LIMIT 20;
