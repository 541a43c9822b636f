WITH base AS (SELECT ct.customer_id AS "ct__customer_id", min(CAST(ct.amount AS DOUBLE)) AS "_s0_0", max(CAST(ct.amount AS DOUBLE)) AS "_s1_0"
  FROM contracts ct
  GROUP BY 1)
SELECT rg.name AS "region", min(_p1."_s0_0") AS "min_amount", max(_p1."_s1_0") AS "max_amount"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
LEFT JOIN regions rg ON rg.region_id = c.region_id
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
