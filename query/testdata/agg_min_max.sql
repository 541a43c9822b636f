WITH base AS (SELECT ct.customer_id AS "ct__customer_id", o.owner_rep_id AS "o__owner_rep_id", min(CAST(ct.amount AS DOUBLE)) AS "_s0_0", max(CAST(ct.amount AS DOUBLE)) AS "_s1_0"
  FROM contracts ct
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  GROUP BY 1, 2)
SELECT CASE WHEN _p1."o__owner_rep_id" IS NOT NULL THEN rgo.name ELSE rgc.name END AS "region", min(_p1."_s0_0") AS "min_amount", max(_p1."_s1_0") AS "max_amount"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
LEFT JOIN reps rpo ON rpo.rep_id = _p1."o__owner_rep_id"
LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
