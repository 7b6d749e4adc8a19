-- Share of mails the spam model itself judged spam, per model version, over the last hour (watch a rollout); personal
-- rules and sender reputation are left out (model_verdict; rows older than the field count their verdict).
-- Each mail counts once per model version: under --delivery at-least-once a restarted job scores the mails of
-- its last checkpoint interval again.
SET 'execution.runtime-mode' = 'batch';
SELECT model_version, COUNT(*) AS mails,
       AVG(CASE WHEN verdict = 'spam' THEN 1.0 ELSE 0.0 END) AS spam_share,
       AVG(spam_probability) AS mean_probability
FROM (
  SELECT mail_id, model_version, MAX(COALESCE(model_verdict, verdict)) AS verdict, MAX(spam_probability) AS spam_probability
  FROM mail_verdicts /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
  WHERE scored_at > UNIX_TIMESTAMP() * 1000 - 3600 * 1000
  GROUP BY mail_id, model_version
)
GROUP BY model_version;
