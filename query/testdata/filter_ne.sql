WITH src AS (SELECT o.outcome AS "outcome"
  FROM opportunities o
  WHERE o.stage <> $1)
SELECT "outcome", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
