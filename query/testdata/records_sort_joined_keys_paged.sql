WITH base AS (SELECT o.customer_id AS "o__customer_id", o.created_at AS "_d0", o.opp_id AS "_d1", rp.name AS "_d3", o.stage AS "_d4", o.outcome AS "_d5", CAST(o.amount AS DOUBLE) AS "_d6", o.owner_rep_id AS "_own"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
  WHERE o.outcome = $1
  ORDER BY "_d3" DESC NULLS LAST, "_d6" NULLS LAST, "_d0" NULLS LAST, "_d1" NULLS LAST, "_d4" NULLS LAST, "_d5" NULLS LAST, "_own" NULLS LAST
  LIMIT $2
  OFFSET $3)
SELECT _p1."_d0" AS "created_at", _p1."_d1" AS "opp_id", c.name AS "customer", _p1."_d3" AS "rep", _p1."_d4" AS "stage", _p1."_d5" AS "outcome", _p1."_d6" AS "amount"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."o__customer_id"
ORDER BY _p1."_d3" DESC NULLS LAST, _p1."_d6" NULLS LAST, _p1."_d0" NULLS LAST, _p1."_d1" NULLS LAST, _p1."_d4" NULLS LAST, _p1."_d5" NULLS LAST, _p1."_own" NULLS LAST
