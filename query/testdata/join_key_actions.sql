WITH src AS (SELECT ka.action AS "action"
  FROM key_actions ka)
SELECT "action", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
