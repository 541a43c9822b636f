WITH base AS (SELECT ct.customer_id AS "ct__customer_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  GROUP BY 1)
SELECT c.industry AS "industry", CAST(sum(_p1."_s0_0") AS DOUBLE) / nullif(sum(sum(_p1."_s0_0")) OVER (), 0) AS "share_amount"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
