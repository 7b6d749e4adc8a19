-- Visitors' current content tag profiles (ContentRecsJob's 'profile' rows on recommendations; the user_profiles view
-- is the same rows for streaming queries, but a view takes no bounded-scan hint): each visitor's tags, strongest
-- first, for marketing segments ("who reads about tyres for a Toyota now").
-- (JDBC carries no arrays: the tags come joined into one string.)
SET 'execution.runtime-mode' = 'batch';
SELECT id AS user_id, ARRAY_JOIN(items, ', ') AS tags, scores[1] AS strongest_weight, TO_TIMESTAMP_LTZ(ts, 3) AS written_at
FROM (
  SELECT id, items, scores, ts, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS newest
  FROM recommendations /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
  WHERE kind = 'profile'
)
WHERE newest = 1
LIMIT 100;
