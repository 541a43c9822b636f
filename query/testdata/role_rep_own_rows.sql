WITH base AS (SELECT o.owner_rep_id AS "o__owner_rep_id", sum(CAST(o.amount AS DOUBLE)) AS "_s0_0"
  FROM opportunities o
  WHERE o.owner_rep_id = $1
  GROUP BY 1)
SELECT rp.name AS "rep", sum(_p1."_s0_0") AS "sum_amount"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."o__owner_rep_id"
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
