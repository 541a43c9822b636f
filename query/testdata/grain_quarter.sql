WITH src AS (SELECT printf('%d-Q%d', year(CAST(ct.signed_at AS DATE)), quarter(CAST(ct.signed_at AS DATE))) AS "signed_at_quarter", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct)
SELECT "signed_at_quarter", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
