-- How many visitors each antibot stage judged bots, and why (the first reason), over what the topic holds now.
SET 'execution.runtime-mode' = 'batch';
SELECT stage, reasons[1] AS first_reason, COUNT(DISTINCT user_id) AS visitors,
       COUNT(DISTINCT CASE WHEN verdict = 'bot' THEN user_id END) AS bots
FROM bot_verdicts /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
GROUP BY stage, reasons[1];
