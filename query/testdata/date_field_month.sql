WITH src AS (SELECT CAST(date_trunc('month', o.planned_sign_date) AS DATE) AS "planned_sign_date_month", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o)
SELECT "planned_sign_date_month", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
