WITH base AS (SELECT CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE) AS "_d0", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  GROUP BY 1)
SELECT CAST(date_trunc('quarter', _p1."_d0") AS DATE) AS "signed_at_quarter", sum(_p1."_s0_0") AS "sum_amount"
FROM base _p1
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
