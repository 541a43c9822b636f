WITH src AS (SELECT CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  WHERE ct.signed_at >= CAST($1 AS TIMESTAMPTZ) AND ct.signed_at < CAST($2 AS TIMESTAMPTZ))
SELECT sum("_m0") AS "sum_amount"
FROM src
ORDER BY 1
LIMIT 50000
