WITH src AS (SELECT rp.name AS "rep", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN reps rp ON rp.rep_id = c.owner_rep_id
  WHERE ct.signed_at >= CAST($1 AS TIMESTAMPTZ) AND ct.signed_at < CAST($2 AS TIMESTAMPTZ))
SELECT "rep", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
