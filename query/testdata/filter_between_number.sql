WITH src AS (SELECT o.stage AS "stage"
  FROM opportunities o
  WHERE CAST(o.amount AS DOUBLE) BETWEEN $1 AND $2)
SELECT "stage", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
