WITH base AS (SELECT o.owner_rep_id AS "o__owner_rep_id", sum(CAST(o.amount AS DOUBLE)) AS "_s0_0"
  FROM opportunities o
  GROUP BY 1)
SELECT rg.name AS "region", rp.name AS "rep", sum(_p1."_s0_0") AS "sum_amount"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."o__owner_rep_id"
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
