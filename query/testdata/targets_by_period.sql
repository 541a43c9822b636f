WITH base AS (SELECT t.rep_id AS "t__rep_id", t.period AS "_d0", sum(CAST(t.target_amount AS DOUBLE)) AS "_s0_0"
  FROM targets t
  GROUP BY 1, 2)
SELECT _p1."_d0" AS "period", rg.name AS "region", sum(_p1."_s0_0") AS "sum_target_amount"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."t__rep_id"
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
