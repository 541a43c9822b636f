WITH src AS (SELECT c.name AS "customer", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o
  LEFT JOIN customers c ON c.customer_id = o.customer_id),
top AS (SELECT "customer" AS k FROM src GROUP BY 1 ORDER BY sum("_m0") DESC NULLS LAST, 1 LIMIT $1)
SELECT "customer", sum("_m0") AS "sum_amount"
FROM src WHERE "customer" IN (SELECT k FROM top)
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
