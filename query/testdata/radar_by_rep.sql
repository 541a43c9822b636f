WITH base AS (SELECT v.rep_id AS "v__rep_id", v.purpose AS "_d0", count(*) AS "_s0_0"
  FROM visits v
  GROUP BY 1, 2)
SELECT _p1."_d0" AS "purpose", rp.name AS "rep", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."v__rep_id"
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
