WITH src AS (SELECT o.stage AS "stage"
  FROM opportunities o
  WHERE CAST(o.amount AS DOUBLE) >= $1
    AND CAST(o.amount AS DOUBLE) <= $2
    AND o.created_at >= CAST($3 AS TIMESTAMPTZ)
    AND o.planned_sign_date < CAST($4 AS DATE))
SELECT "stage", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
