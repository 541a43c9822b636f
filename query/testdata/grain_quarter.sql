WITH src AS (SELECT CAST(date_trunc('quarter', CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE)) AS DATE) AS "signed_at_quarter", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct)
SELECT "signed_at_quarter", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
