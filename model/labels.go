package model

// Label is how people see a code: zh-CN by default, English on request.
type Label struct {
	ZH string
	EN string
}

// Label kinds: the code families stored in the canonical tables.
const (
	KindChannel    = "channel"     // leads.channel
	KindLeadStatus = "lead_status" // leads.status
	KindIndustry   = "industry"    // customers.industry
	KindSegment    = "segment"     // markets.segment (same codes as industry)
	KindStage      = "stage"       // opportunities.stage, stage_history
	KindOutcome    = "outcome"     // opportunities.outcome
	KindLostReason = "lost_reason" // opportunities.lost_reason
	KindAction     = "action"      // key_actions.action and the derived requirements_approved
	KindPurpose    = "purpose"     // visits.purpose
	KindLevel      = "level"       // reps.level
	KindRole       = "role"        // users.role
)

var industryLabels = map[string]Label{
	"higher_ed":     {"高校", "Higher education"},
	"k12":           {"K12教育", "K12 education"},
	"hospital":      {"医院", "Hospitals"},
	"manufacturing": {"制造业", "Manufacturing"},
	"government":    {"政府机关", "Government"},
	"energy":        {"能源", "Energy"},
	"finance":       {"金融", "Finance"},
	"retail":        {"零售", "Retail"},
}

// Labels maps a kind and a code to its label. Codes are what the model
// stores (lower-case English words); pages look labels up here so a code
// never reaches a person untranslated.
var Labels = map[string]map[string]Label{
	KindChannel: {
		"website":       {"官网", "Website"},
		"referral":      {"客户转介绍", "Referral"},
		"exhibition":    {"展会", "Exhibition"},
		"telemarketing": {"电话营销", "Telemarketing"},
		"partner":       {"渠道伙伴", "Partner"},
		"wechat":        {"微信", "WeChat"},
		"tender":        {"招标平台", "Tender platform"},
	},
	KindLeadStatus: {
		"new":       {"新线索", "New"},
		"valid":     {"有效", "Valid"},
		"invalid":   {"无效", "Invalid"},
		"converted": {"已转化", "Converted"},
	},
	KindIndustry: industryLabels,
	KindSegment:  industryLabels,
	KindStage: {
		"lead":        {"线索", "Lead"},
		"qualified":   {"需求确认", "Qualified"},
		"solution":    {"方案/技术确认", "Solution"},
		"quote":       {"报价", "Quote"},
		"negotiation": {"商务谈判", "Negotiation"},
		"contract":    {"合同", "Contract"},
		"won":         {"赢单", "Won"},
		"lost":        {"输单", "Lost"},
	},
	KindOutcome: {
		"open": {"进行中", "Open"},
		"won":  {"赢单", "Won"},
		"lost": {"输单", "Lost"},
	},
	KindLostReason: {
		"price":                 {"价格", "Price"},
		"competitor":            {"竞争对手", "Competitor"},
		"budget_cut":            {"预算取消", "Budget cut"},
		"no_decision":           {"无决策", "No decision"},
		"requirements_mismatch": {"需求不匹配", "Requirements mismatch"},
		"timing":                {"时机不成熟", "Timing"},
		"relationship":          {"关系不到位", "Relationship"},
	},
	KindAction: {
		ActionTechSolutionSigned:   {"技术方案双方签字", "Technical solution signed"},
		ActionQuoteCosted:          {"报价关联成本核算", "Quote costed"},
		ActionRequirementsApproved: {"需求变更已审批", "Requirements approved"},
		ActionLegalReviewed:        {"合同法务审核", "Legal reviewed"},
	},
	KindPurpose: {
		"first_visit":    {"初次拜访", "First visit"},
		"needs_analysis": {"需求调研", "Needs analysis"},
		"solution_demo":  {"方案演示", "Solution demo"},
		"tech_exchange":  {"技术交流", "Technical exchange"},
		"negotiation":    {"商务谈判", "Negotiation"},
		"relationship":   {"关系维护", "Relationship"},
		"after_sales":    {"售后服务", "After-sales"},
		"collection":     {"回款催收", "Payment collection"},
	},
	KindLevel: {
		"director":       {"销售总监", "Sales director"},
		"region_manager": {"大区经理", "Region manager"},
		"team_lead":      {"销售主管", "Team lead"},
		"senior_rep":     {"高级销售", "Senior rep"},
		"rep":            {"销售代表", "Sales rep"},
	},
	KindRole: {
		RoleAdmin:    {"管理员", "Admin"},
		RoleDirector: {"销售总监", "Director"},
		RoleManager:  {"经理", "Manager"},
		RoleAnalyst:  {"分析师", "Analyst"},
		RoleRep:      {"销售", "Rep"},
	},
}

// LabelOf returns the label of code in lang ("en" for English, anything
// else zh-CN); an unknown code comes back as itself so nothing is hidden.
func LabelOf(kind, code, lang string) string {
	l, ok := Labels[kind][code]
	if !ok {
		return code
	}
	if lang == "en" {
		return l.EN
	}
	return l.ZH
}
