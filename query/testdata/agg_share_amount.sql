WITH src AS (SELECT c.industry AS "industry", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id)
SELECT "industry", CAST(sum("_m0") AS DOUBLE) / nullif(sum(sum("_m0")) OVER (), 0) AS "share_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
