WITH RECURSIVE scope(rep_id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),
base AS (SELECT CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE) AS "_d0", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  WHERE coalesce(o.owner_rep_id, c.owner_rep_id) IN (SELECT rep_id FROM scope)
  GROUP BY 1)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "signed_at_month", sum(_p1."_s0_0") AS "sum_amount"
FROM base _p1
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000
