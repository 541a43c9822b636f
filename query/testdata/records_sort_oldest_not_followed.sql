WITH base AS (SELECT l.region_id AS "l__region_id", l.owner_rep_id AS "l__owner_rep_id", l.customer_id AS "l__customer_id", l.created_at AS "_d0", l.lead_id AS "_d1", l.channel AS "_d3", l.status AS "_d4", l.customer_id AS "_d6", l.owner_rep_id AS "_own"
  FROM leads l
  WHERE l.status IN ($1, $2)
    AND (l.first_followed_at IS NOT NULL) = $3
  ORDER BY "_d0" NULLS LAST, "_d1" NULLS LAST, "_d3" NULLS LAST, "_d4" NULLS LAST, "_d6" NULLS LAST, "_own" NULLS LAST
  LIMIT $4)
SELECT _p1."_d0" AS "created_at", _p1."_d1" AS "lead_id", rg.name AS "region", _p1."_d3" AS "channel", _p1."_d4" AS "status", rp.name AS "rep", _p1."_d6" AS "customer_id", c.name AS "customer"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."l__region_id"
LEFT JOIN reps rp ON rp.rep_id = _p1."l__owner_rep_id"
LEFT JOIN customers c ON c.customer_id = _p1."l__customer_id"
ORDER BY _p1."_d0" NULLS LAST, _p1."_d1" NULLS LAST, _p1."_d3" NULLS LAST, _p1."_d4" NULLS LAST, _p1."_d6" NULLS LAST, _p1."_own" NULLS LAST
