WITH base AS (SELECT o.owner_rep_id AS "o__owner_rep_id", count(*) AS "_s0_0"
  FROM opportunities o
  WHERE CAST(o.amount AS DOUBLE) > $1
    AND o.created_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."o__owner_rep_id"
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
