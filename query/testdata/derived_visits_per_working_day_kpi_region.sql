WITH g0 AS (WITH base AS (SELECT v.rep_id AS "v__rep_id", count(*) AS "_s0_0"
  FROM visits v
  WHERE v.visited_at >= CAST($1 AS TIMESTAMPTZ) AND v.visited_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."v__rep_id"
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY 1),
wd AS (SELECT count(*) AS "n"
  FROM generate_series(CAST(CAST($3 AS DATE) AS TIMESTAMP), CAST(CAST($4 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS g(d)
  WHERE isodow(CAST(g.d AS DATE)) <= 5
    AND CAST(g.d AS DATE) NOT IN (CAST($5 AS DATE), CAST($6 AS DATE), CAST($7 AS DATE), CAST($8 AS DATE), CAST($9 AS DATE)))
SELECT g0."region", CAST(g0."_c0" AS DOUBLE) / nullif(wd.n, 0) AS "count_per_working_day"
FROM g0
LEFT JOIN wd ON TRUE
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
