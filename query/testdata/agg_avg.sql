WITH base AS (SELECT o.owner_rep_id AS "o__owner_rep_id", sum(CAST(o.amount AS DOUBLE)) AS "_s0_0", count(CAST(o.amount AS DOUBLE)) AS "_s0_1"
  FROM opportunities o
  GROUP BY 1)
SELECT rg.name AS "region", CAST(sum(_p1."_s0_0") AS DOUBLE) / nullif(sum(_p1."_s0_1"), 0) AS "avg_amount"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."o__owner_rep_id"
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
