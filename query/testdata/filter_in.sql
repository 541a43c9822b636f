WITH src AS (SELECT l.status AS "status"
  FROM leads l
  WHERE l.channel IN ($1, $2))
SELECT "status", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
