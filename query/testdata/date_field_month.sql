WITH base AS (SELECT o.planned_sign_date AS "_d0", sum(CAST(o.amount AS DOUBLE)) AS "_s0_0"
  FROM opportunities o
  GROUP BY 1)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "planned_sign_date_month", sum(_p1."_s0_0") AS "sum_amount"
FROM base _p1
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
