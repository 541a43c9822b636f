WITH base AS (SELECT ct.customer_id AS "ct__customer_id", o.owner_rep_id AS "o__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  WHERE ct.signed_at >= CAST($1 AS TIMESTAMPTZ) AND ct.signed_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT CASE WHEN _p1."o__owner_rep_id" IS NOT NULL THEN rpo.name ELSE rpc.name END AS "rep", sum(_p1."_s0_0") AS "sum_amount"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
LEFT JOIN reps rpo ON rpo.rep_id = _p1."o__owner_rep_id"
LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
