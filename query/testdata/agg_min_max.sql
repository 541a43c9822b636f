WITH src AS (SELECT rg.name AS "region", CAST(ct.amount AS DOUBLE) AS "_m0", CAST(ct.amount AS DOUBLE) AS "_m1"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN regions rg ON rg.region_id = c.region_id)
SELECT "region", min("_m0") AS "min_amount", max("_m1") AS "max_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
