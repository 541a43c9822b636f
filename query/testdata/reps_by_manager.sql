WITH base AS (SELECT r.manager_id AS "r__manager_id", count(*) AS "_s0_0"
  FROM reps r
  WHERE r.active = $1
  GROUP BY 1)
SELECT mg.name AS "manager", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN reps mg ON mg.rep_id = _p1."r__manager_id"
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
