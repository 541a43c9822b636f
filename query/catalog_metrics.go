package query

// Datasets over the metrics' derived tables (package metrics, migration 4):
// health scores and grade changes, compliance by opportunity and its
// violations, lost/delayed deal attribution, calibration per rep, freshness
// and the scorecard. Rows are per period ("2026-Q4") where the table has one.
// Team-level rows (the scorecard, team freshness) have no owner rep, so a
// rep or manager sees only their own rows; directors see everything.

func init() {
	repJoins := func(repCol string) []Join {
		return []Join{
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = " + repCol},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = rp.region_id", Needs: []string{"rep"}},
		}
	}

	Register(Dataset{
		Name: "health_scores", Label: Label{"客户健康分", "Customer health"}, Table: "health_scores", Alias: "hs",
		Owner: "c.owner_rep_id", OwnerJoins: []string{"customer"},
		Joins: []Join{
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = hs.customer_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = c.owner_rep_id", Needs: []string{"customer"}},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = c.region_id", Needs: []string{"customer"}},
		},
		Fields: []Field{
			idField("customer_id", "客户编号", "Customer ID", "hs.customer_id"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			dimension("grade", "健康等级", "Health grade", "hs.grade"),
			dimension("static_tier", "静态分级", "Static tier", "c.static_tier", "customer"),
			dimension("industry", "行业", "Industry", "c.industry", "customer"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			instant("scored_at", "评分时间", "Scored", "hs.scored_at"),
			measure("score", "健康分", "Health score", "hs.score"),
			measure("under_b", "低于 B 线客户", "Customers under B", "CASE WHEN hs.grade = 'C' THEN 1 ELSE 0 END"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"scored_at", "customer_id", "customer", "grade", "score", "rep"},
	})

	Register(Dataset{
		Name: "grade_changes", Label: Label{"健康等级变化", "Grade changes"}, Table: "grade_changes", Alias: "gc",
		Owner: "c.owner_rep_id", OwnerJoins: []string{"customer"},
		Joins: []Join{
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = gc.customer_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = c.owner_rep_id", Needs: []string{"customer"}},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = c.region_id", Needs: []string{"customer"}},
		},
		Fields: []Field{
			idField("customer_id", "客户编号", "Customer ID", "gc.customer_id"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			dimension("from_grade", "原等级", "From grade", "gc.from_grade"),
			dimension("to_grade", "新等级", "To grade", "gc.to_grade"),
			dimension("cause", "原因", "Cause", "gc.cause"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			instant("changed_at", "变化时间", "Changed", "gc.changed_at"),
			measure("score", "健康分", "Health score", "gc.score"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"changed_at", "customer", "from_grade", "to_grade", "score", "cause"},
	})

	Register(Dataset{
		Name: "compliance", Label: Label{"过程合规(商机)", "Process compliance (opportunities)"}, Table: "metric_compliance_opps", Alias: "mco",
		Owner: "mco.rep_id", Joins: repJoins("mco.rep_id"),
		Fields: []Field{
			dimension("period", "期间", "Period", "mco.period"),
			idField("opp_id", "商机编号", "Opportunity ID", "mco.opp_id"),
			boolField("compliant", "合规", "Compliant", "mco.compliant"),
			boolField("tech_confirmed", "技术方案已确认", "Technical solution signed", "mco.tech_confirmed"),
			boolField("past_solution", "已过方案阶段", "Past solution", "mco.past_solution"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			measure("amount", "商机金额", "Amount", "CAST(mco.amount AS DOUBLE)"),
			measure("compliant_share", "合规率", "Compliance rate", "CASE WHEN mco.compliant THEN 1.0 ELSE 0.0 END"),
			measure("gates_violated", "违规关卡数", "Gates violated", "mco.gates_violated"),
		},
		Drill:   []string{"region", "rep"},
		Records: []string{"period", "opp_id", "rep", "compliant", "tech_confirmed", "gates_violated"},
	})

	Register(Dataset{
		Name: "compliance_violations", Label: Label{"关键动作违规", "Key-action violations"}, Table: "metric_compliance_violations", Alias: "mcv",
		Owner: "mcv.rep_id", Joins: repJoins("mcv.rep_id"),
		Fields: []Field{
			dimension("period", "期间", "Period", "mcv.period"),
			idField("opp_id", "商机编号", "Opportunity ID", "mcv.opp_id"),
			dimension("gate_stage", "关卡阶段", "Gate stage", "mcv.gate_stage"),
			dimension("missing_action", "缺失动作", "Missing action", "mcv.missing_action"),
			instant("changed_at", "过关时间", "Passed at", "mcv.changed_at"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			measure("violations", "违规数", "Violations", "1"),
		},
		Drill:   []string{"region", "rep"},
		Records: []string{"changed_at", "opp_id", "gate_stage", "missing_action", "rep"},
	})

	Register(Dataset{
		Name: "deal_attribution", Label: Label{"丢单与延期归因", "Lost and delayed deals"}, Table: "metric_deal_attribution", Alias: "mda",
		Owner: "mda.rep_id", Joins: repJoins("mda.rep_id"),
		Fields: []Field{
			dimension("period", "期间", "Period", "mda.period"),
			idField("opp_id", "商机编号", "Opportunity ID", "mda.opp_id"),
			dimension("kind", "类型", "Kind", "mda.kind"),
			dimension("stalled_stage", "停滞阶段", "Stalled at", "mda.stalled_stage"),
			dimension("missing_action", "缺失动作", "Missing action", "mda.missing_action"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			measure("amount", "金额", "Amount", "CAST(mda.amount AS DOUBLE)"),
			measure("deals", "商机数", "Deals", "1"),
		},
		Drill:   []string{"region", "rep"},
		Records: []string{"period", "opp_id", "kind", "stalled_stage", "missing_action", "rep"},
	})

	Register(Dataset{
		Name: "calibration", Label: Label{"目标校准", "Target calibration"}, Table: "metric_calibration", Alias: "mc",
		Owner: "mc.rep_id", Joins: repJoins("mc.rep_id"),
		Fields: []Field{
			dimension("period", "期间", "Period", "mc.period"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("weakest_indicator", "能力短板", "Weakest indicator", "mc.weakest_indicator"),
			boolField("below_target_twice", "连续两季未达标", "Below target two quarters", "mc.below_target_twice"),
			measure("capability", "能力分", "Capability", "mc.capability"),
			measure("heat", "资源热度", "Resource heat", "mc.heat"),
			measure("match", "匹配度", "Match", "mc.match"),
			measure("set_target", "设定目标", "Set target", "CAST(mc.set_target AS DOUBLE)"),
			measure("recommended", "推荐目标", "Recommended target", "mc.recommended"),
			measure("band_pct", "建议浮动", "Band half-width", "mc.band_pct"),
			measure("deviation", "偏离度", "Deviation", "mc.deviation"),
			measure("signed", "签约额", "Signed", "CAST(mc.signed AS DOUBLE)"),
			measure("attainment", "达成率", "Attainment", "mc.attainment"),
		},
		Drill:   []string{"region", "rep"},
		Records: []string{"period", "rep", "set_target", "recommended", "deviation", "attainment"},
	})

	Register(Dataset{
		Name: "freshness", Label: Label{"数据鲜活性", "Data freshness"}, Table: "metric_freshness", Alias: "mf",
		// Per-rep rows have subject "rep:<id>"; team rows have no owner.
		Owner: "TRY_CAST(CASE WHEN mf.subject LIKE 'rep:%' THEN substr(mf.subject, 5) END AS BIGINT)",
		Fields: []Field{
			dimension("period", "期间", "Period", "mf.period"),
			dimension("measure", "指标", "Measure", "mf.measure"),
			dimension("subject", "对象", "Subject", "mf.subject"),
			dimension("unit", "单位", "Unit", "mf.unit"),
			measure("value", "数值", "Value", "mf.value"),
			measure("records", "记录数", "Records", "mf.n"),
		},
		Drill:   []string{"measure", "subject"},
		Records: []string{"period", "measure", "subject", "value", "unit"},
	})

	Register(Dataset{
		Name: "scorecard", Label: Label{"三项验证指标", "Validation scorecard"}, Table: "metric_scorecard", Alias: "ms",
		Owner: "CAST(NULL AS BIGINT)",
		Fields: []Field{
			dimension("period", "期间", "Period", "ms.period"),
			dimension("metric", "指标", "Metric", "ms.metric"),
			dimension("direction", "方向", "Direction", "ms.direction"),
			boolField("pass", "达标", "Pass", "ms.pass"),
			measure("value", "数值", "Value", "ms.value"),
			measure("goal", "目标", "Goal", "ms.goal"),
			measure("population", "样本数", "Population", "ms.population"),
		},
		Drill:   []string{"metric"},
		Records: []string{"period", "metric", "value", "goal", "pass"},
	})
}
