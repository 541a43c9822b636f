WITH src AS (SELECT o.stage AS "stage", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o
  WHERE o.created_at >= CAST($1 AS TIMESTAMPTZ) AND o.created_at < CAST($2 AS TIMESTAMPTZ))
SELECT "stage", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
