WITH RECURSIVE scope(rep_id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),
base AS (SELECT v.rep_id AS "v__rep_id", v.visited_at AS "_d0", v.visit_id AS "_d1", v.customer_id AS "_d3", c.name AS "_d4", v.purpose AS "_d5", v.recorded_at AS "_d6", v.rep_id AS "_own"
  FROM visits v
  LEFT JOIN customers c ON c.customer_id = v.customer_id
  WHERE v.rep_id IN (SELECT rep_id FROM scope)
    AND v.visited_at >= CAST($2 AS TIMESTAMPTZ) AND v.visited_at < CAST($3 AS TIMESTAMPTZ)
  ORDER BY "_d4" NULLS LAST, "_d0" DESC NULLS LAST, "_d1" NULLS LAST, "_d3" NULLS LAST, "_d5" NULLS LAST, "_d6" NULLS LAST, "_own" NULLS LAST
  LIMIT $4
  OFFSET $5)
SELECT _p1."_d0" AS "visited_at", _p1."_d1" AS "visit_id", rp.name AS "rep", _p1."_d3" AS "customer_id", _p1."_d4" AS "customer", _p1."_d5" AS "purpose", _p1."_d6" AS "recorded_at"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."v__rep_id"
ORDER BY _p1."_d4" NULLS LAST, _p1."_d0" DESC NULLS LAST, _p1."_d1" NULLS LAST, _p1."_d3" NULLS LAST, _p1."_d5" NULLS LAST, _p1."_d6" NULLS LAST, _p1."_own" NULLS LAST
