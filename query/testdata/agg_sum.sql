WITH src AS (SELECT o.stage AS "stage", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o)
SELECT "stage", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
