WITH base AS (SELECT o.customer_id AS "o__customer_id", sum(CAST(o.amount AS DOUBLE)) AS "_s0_0"
  FROM opportunities o
  GROUP BY 1),
grouped AS (SELECT c.name AS "customer", sum(_p1."_s0_0") AS "_s0_0"
  FROM base _p1
  LEFT JOIN customers c ON c.customer_id = _p1."o__customer_id"
  GROUP BY 1),
top AS (SELECT "customer" AS "k" FROM grouped ORDER BY "_s0_0" DESC NULLS LAST, 1 LIMIT $1)
SELECT "customer", sum("_s0_0") AS "sum_amount"
FROM grouped
WHERE "customer" IN (SELECT k FROM top)
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
