WITH src AS (SELECT CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct)
SELECT sum("_m0") AS "sum_amount"
FROM src
ORDER BY 1
LIMIT 50000
