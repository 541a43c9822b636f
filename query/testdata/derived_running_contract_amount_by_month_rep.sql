WITH g0 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE) AS "_d0", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  WHERE coalesce(o.owner_rep_id, c.owner_rep_id) = $1
    AND ct.signed_at >= CAST($2 AS TIMESTAMPTZ) AND ct.signed_at < CAST($3 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "signed_at_month", sum(_p1."_s0_0") AS "_c0"
FROM base _p1
GROUP BY 1)
SELECT g0."signed_at_month", g0."_c0" AS "sum_amount", sum(g0."_c0") OVER (ORDER BY g0."signed_at_month") AS "sum_amount_running"
FROM g0
ORDER BY 1 NULLS LAST
LIMIT 50000
