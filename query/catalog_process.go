package query

import "salesbi/model"

// Datasets for the sales process: stage changes, key actions, targets and
// the org tree itself.

func init() {

	Register(Dataset{
		Name: "stage_history", Label: Label{"阶段变更", "Stage changes"}, Table: "stage_history", Alias: "sh",
		Owner: "o.owner_rep_id", OwnerJoins: []string{"opp"},
		Joins: []Join{
			{Name: "opp", Table: "opportunities", SQL: "LEFT JOIN opportunities o ON o.opp_id = sh.opp_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id", Needs: []string{"opp"}},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = rp.region_id", Needs: []string{"rep"}},
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = o.customer_id", Needs: []string{"opp"}},
		},
		Fields: []Field{
			idField("change_id", "变更编号", "Change ID", "sh.change_id"),
			idField("opp_id", "商机编号", "Opportunity ID", "sh.opp_id"),
			coded(dimension("from_stage", "原阶段", "From stage", "sh.from_stage"), model.KindStage),
			coded(dimension("to_stage", "新阶段", "To stage", "sh.to_stage"), model.KindStage),
			instant("changed_at", "变更时间", "Changed", "sh.changed_at"),
			instant("recorded_at", "录入时间", "Recorded", "sh.recorded_at"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			measure("entry_hours", "录入延迟(小时)", "Entry latency (h)",
				"("+minutesBetween("sh.changed_at", "sh.recorded_at")+" / 60.0)"),
			measure("amount", "商机金额", "Opportunity amount", "CAST(o.amount AS DOUBLE)", "opp"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"changed_at", "change_id", "opp_id", "from_stage", "to_stage", "rep", "recorded_at"},
	})

	Register(Dataset{
		Name: "key_actions", Label: Label{"关键动作", "Key actions"}, Table: "key_actions", Alias: "ka",
		Owner: "o.owner_rep_id", OwnerJoins: []string{"opp"},
		Joins: []Join{
			{Name: "opp", Table: "opportunities", SQL: "LEFT JOIN opportunities o ON o.opp_id = ka.opp_id"},
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id", Needs: []string{"opp"}},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = rp.region_id", Needs: []string{"rep"}},
			{Name: "customer", Table: "customers", SQL: "LEFT JOIN customers c ON c.customer_id = o.customer_id", Needs: []string{"opp"}},
		},
		Fields: []Field{
			idField("opp_id", "商机编号", "Opportunity ID", "ka.opp_id"),
			coded(dimension("action", "动作", "Action", "ka.action"), model.KindAction),
			instant("completed_at", "完成时间", "Completed", "ka.completed_at"),
			instant("recorded_at", "录入时间", "Recorded", "ka.recorded_at"),
			dimension("approver", "审批人", "Approver", "ka.approver"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("customer", "客户", "Customer", "c.name", "customer"),
			measure("entry_hours", "录入延迟(小时)", "Entry latency (h)",
				"("+minutesBetween("ka.completed_at", "ka.recorded_at")+" / 60.0)"),
		},
		Drill:   []string{"region", "rep", "customer"},
		Records: []string{"completed_at", "opp_id", "action", "rep", "approver", "recorded_at"},
	})

	Register(Dataset{
		Name: "targets", Label: Label{"目标", "Targets"}, Table: "targets", Alias: "t",
		Owner: "t.rep_id",
		Joins: []Join{
			{Name: "rep", Table: "reps", SQL: "LEFT JOIN reps rp ON rp.rep_id = t.rep_id"},
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = rp.region_id", Needs: []string{"rep"}},
		},
		Fields: []Field{
			dimension("period", "期间", "Period", "t.period"),
			dimension("rep", "销售", "Rep", "rp.name", "rep"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("set_by", "设定人", "Set by", "t.set_by"),
			measure("target_amount", "目标金额", "Target amount", "CAST(t.target_amount AS DOUBLE)"),
		},
		Drill:   []string{"region", "rep"},
		Records: []string{"period", "rep", "region", "target_amount", "set_by"},
	})

	Register(Dataset{
		Name: "reps", Label: Label{"销售人员", "Reps"}, Table: "reps", Alias: "r",
		Owner: "r.rep_id",
		Joins: []Join{
			{Name: "region", Table: "regions", SQL: "LEFT JOIN regions rg ON rg.region_id = r.region_id"},
			{Name: "manager", Table: "reps", SQL: "LEFT JOIN reps mg ON mg.rep_id = r.manager_id"},
		},
		Fields: []Field{
			idField("rep_id", "销售编号", "Rep ID", "r.rep_id"),
			dimension("rep", "销售", "Rep", "r.name"),
			dimension("region", "区域", "Region", "rg.name", "region"),
			dimension("manager", "主管", "Manager", "mg.name", "manager"),
			coded(dimension("level", "级别", "Level", "r.level"), model.KindLevel),
			date("hired_on", "入职日期", "Hired", "r.hired_on"),
			boolField("active", "在职", "Active", "r.active"),
		},
		Drill:   []string{"region", "rep"},
		Records: []string{"hired_on", "rep_id", "rep", "region", "manager", "level", "active"},
	})
}
