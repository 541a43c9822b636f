WITH src AS (SELECT rg.name AS "region"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
  LEFT JOIN regions rg ON rg.region_id = rp.region_id
  WHERE CAST(o.amount AS DOUBLE) > $1
    AND o.created_at < CAST($2 AS TIMESTAMPTZ))
SELECT "region", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
