WITH src AS (SELECT rg.name AS "region", sh.to_stage AS "to_stage", (date_diff('minute', make_timestamp(epoch_us(sh.changed_at)), make_timestamp(epoch_us(sh.recorded_at))) / 60.0) AS "_m0"
  FROM stage_history sh
  LEFT JOIN opportunities o ON o.opp_id = sh.opp_id
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
  LEFT JOIN regions rg ON rg.region_id = rp.region_id)
SELECT "region", "to_stage", CAST(median("_m0") AS DOUBLE) AS "median_entry_hours"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000
