package query

import (
	"salesbi/i18n"
	"salesbi/model"
)

// Datasets for the sales process: stage changes, key actions, targets and
// the org tree itself.

func processDatasets() []Dataset {
	return []Dataset{
		{
			Name: "stage_history", Label: i18n.T("阶段变更", "Stage changes"), Table: "stage_history", Alias: "sh",
			Owner: col("o", "owner_rep_id"),
			Joins: []Join{
				lookup("opp", "opportunities", "o", col("sh", "opp_id"), "opp_id"),
				lookup("rep", "reps", "rp", col("o", "owner_rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
				lookup("customer", "customers", "c", col("o", "customer_id"), "customer_id"),
			},
			Fields: []Field{
				idField("change_id", "变更编号", "Change ID", col("sh", "change_id")),
				idField("opp_id", "商机编号", "Opportunity ID", col("sh", "opp_id")),
				coded(dimension("from_stage", "原阶段", "From stage", col("sh", "from_stage")), model.KindStage),
				coded(dimension("to_stage", "新阶段", "To stage", col("sh", "to_stage")), model.KindStage),
				instant("changed_at", "变更时间", "Changed", col("sh", "changed_at")),
				instant("recorded_at", "录入时间", "Recorded", col("sh", "recorded_at")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				measure("entry_hours", "录入延迟(小时)", "Entry latency (h)",
					hours(minutesBetween(col("sh", "changed_at"), col("sh", "recorded_at")))),
				measure("amount", "商机金额", "Opportunity amount", asDouble(col("o", "amount"))),
				coded(dimension("next_stage", "下一阶段", "Next stage", nextChange(fn("arg_min", col("nx", "to_stage"), col("nx", "changed_at")))), model.KindStage),
				boolField("advanced", "推进到后续阶段", "Moved on", Paren{Bin{Op: "<>",
					L: fn("coalesce", nextChange(fn("arg_min", col("nx", "to_stage"), col("nx", "changed_at"))), Str("lost")), R: Str("lost")}}),
				measure("stage_days", "阶段停留天数", "Days in stage", Paren{Bin{Op: "/",
					L: Paren{Bin{Op: "-", L: fn("epoch", fn("coalesce", nextChange(fn("min", col("nx", "changed_at"))), col("o", "closed_at"), latestChange)),
						R: fn("epoch", col("sh", "changed_at"))}},
					R: Num("86400.0")}}),
				idField("customer_id", "客户编号", "Customer ID", col("o", "customer_id")),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"changed_at", "change_id", "opp_id", "from_stage", "to_stage", "rep", "recorded_at"},
		},

		{
			Name: "key_actions", Label: i18n.T("关键动作", "Key actions"), Table: "key_actions", Alias: "ka",
			Owner: col("o", "owner_rep_id"),
			Joins: []Join{
				lookup("opp", "opportunities", "o", col("ka", "opp_id"), "opp_id"),
				lookup("rep", "reps", "rp", col("o", "owner_rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
				lookup("customer", "customers", "c", col("o", "customer_id"), "customer_id"),
			},
			Fields: []Field{
				idField("opp_id", "商机编号", "Opportunity ID", col("ka", "opp_id")),
				coded(dimension("action", "动作", "Action", col("ka", "action")), model.KindAction),
				instant("completed_at", "完成时间", "Completed", col("ka", "completed_at")),
				instant("recorded_at", "录入时间", "Recorded", col("ka", "recorded_at")),
				dimension("approver", "审批人", "Approver", col("ka", "approver")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("customer", "客户", "Customer", col("c", "name")),
				measure("entry_hours", "录入延迟(小时)", "Entry latency (h)",
					hours(minutesBetween(col("ka", "completed_at"), col("ka", "recorded_at")))),
			},
			Drill:   []string{"region", "rep", "customer"},
			Records: []string{"completed_at", "opp_id", "action", "rep", "approver", "recorded_at"},
		},

		{
			Name: "targets", Label: i18n.T("目标", "Targets"), Table: "targets", Alias: "t",
			Owner: col("t", "rep_id"),
			Joins: []Join{
				lookup("rep", "reps", "rp", col("t", "rep_id"), "rep_id"),
				lookup("region", "regions", "rg", col("rp", "region_id"), "region_id"),
			},
			Fields: []Field{
				dimension("period", "期间", "Period", col("t", "period")),
				dimension("rep", "销售", "Rep", col("rp", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("set_by", "设定人", "Set by", col("t", "set_by")),
				measure("target_amount", "目标金额", "Target amount", asDouble(col("t", "target_amount"))),
			},
			Drill:   []string{"region", "rep"},
			Records: []string{"period", "rep", "region", "target_amount", "set_by"},
		},

		{
			Name: "reps", Label: i18n.T("销售人员", "Reps"), Table: "reps", Alias: "r",
			Owner: col("r", "rep_id"),
			Joins: []Join{
				lookup("region", "regions", "rg", col("r", "region_id"), "region_id"),
				lookup("manager", "reps", "mg", col("r", "manager_id"), "rep_id"),
			},
			Fields: []Field{
				idField("rep_id", "销售编号", "Rep ID", col("r", "rep_id")),
				dimension("rep", "销售", "Rep", col("r", "name")),
				dimension("region", "区域", "Region", col("rg", "name")),
				dimension("manager", "主管", "Manager", col("mg", "name")),
				coded(dimension("level", "级别", "Level", col("r", "level")), model.KindLevel),
				date("hired_on", "入职日期", "Hired", col("r", "hired_on")),
				boolField("active", "在职", "Active", col("r", "active")),
			},
			Drill:   []string{"region", "rep"},
			Records: []string{"hired_on", "rep_id", "rep", "region", "manager", "level", "active"},
		},
	}
}

// latestChange is the newest stage change in the data: "now" for the
// stage an open opportunity is still in. Taken from the data, not the
// wall clock, so an answer stays the same until the data changes (and
// its cache entry with it).
var latestChange = Scalar{&Select{
	Items:  []Item{item(fn("max", col("lc", "changed_at")), "")},
	From:   &Rel{Name: "stage_history", Alias: "lc"},
	Inline: true,
}}

// nextChange is x over the opportunity's next stage change after this
// one (a correlated one-value subquery): its new stage with
// arg_min(to_stage, changed_at), its time with min(changed_at). A stage's
// time is until then, or until the opportunity closed, or until the
// newest change in the data for the stage an open opportunity is in
// (stage_days).
func nextChange(x Expr) Expr {
	return Scalar{&Select{
		Items:  []Item{item(x, "")},
		From:   &Rel{Name: "stage_history", Alias: "nx"},
		Where:  []Expr{eq(col("nx", "opp_id"), col("sh", "opp_id")), Bin{Op: ">", L: col("nx", "changed_at"), R: col("sh", "changed_at")}},
		Inline: true,
	}}
}
