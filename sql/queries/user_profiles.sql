-- Visitors' content tag profiles as ContentRecsJob last wrote them (kind 'profile' on the recommendations topic):
-- the strongest tags of each visitor, for marketing segments ("who reads about tyres for a Toyota now").
SET 'execution.runtime-mode' = 'batch';
SELECT id AS user_id, items AS tags, scores AS weights, TO_TIMESTAMP_LTZ(ts, 3) AS written_at
FROM (
  SELECT id, items, scores, ts, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS newest
  FROM recommendations /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
  WHERE kind = 'profile'
)
WHERE newest = 1
LIMIT 100;
