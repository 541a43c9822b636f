// Package crmdemo writes the demo company into a CRM-shaped schema in MySQL/
// MariaDB or PostgreSQL — the CRM's own table and column names, stage codes,
// 是/否/待确认 health answers, DATETIME wall clocks beside TIMESTAMP
// instants — so the connectors have a real CRM to connect to, and emits the
// salesbi.yaml mapping that reads it back (examples/crm-*.yaml).
package crmdemo

// Kind is how a CRM column stores its value.
type Kind int

const (
	ID       Kind = iota // BIGINT
	Text                 // VARCHAR(255)
	LongText             // TEXT / LONGTEXT
	Money                // DECIMAL(18,2)
	Float                // DOUBLE
	Flag                 // TINYINT 1/0 (MySQL) / SMALLINT (PostgreSQL)
	Date                 // DATE
	DateTime             // DATETIME(6) / timestamp(6): a wall clock in the CRM's zone
	Instant              // TIMESTAMP(6) (kept in UTC by MySQL) / timestamptz
	Code                 // VARCHAR(32) holding a CRM code that Map translates
)

// Col is one CRM column and the canonical column it feeds.
type Col struct {
	Name  string
	Canon string
	Kind  Kind
	// Map is canonical value → CRM value, for Code columns.
	Map map[string]string
}

// Table is one CRM table.
type Table struct {
	Name  string
	Canon string
	Key   []string // CRM key columns (mapped in order to the canonical key)
	Cols  []Col
}

// ModifiedAt is the column every CRM table stamps on change; the mapping
// uses it as the incremental column and as canonical updated_at.
const ModifiedAt = "modified_at"

// StageCodes are the CRM's codes for the canonical stages.
var StageCodes = map[string]string{
	"lead": "S10", "qualified": "S20", "solution": "S30", "quote": "S40",
	"negotiation": "S50", "contract": "S60", "won": "W", "lost": "L",
}

// Answers is how the CRM records a health node: 是 (yes, 10), 待确认
// (pending, 5), 否 (no, 0).
var Answers = map[string]string{"10": "是", "5": "待确认", "0": "否"}

var (
	outcomeCodes = map[string]string{"open": "O", "won": "W", "lost": "L"}
	statusCodes  = map[string]string{"new": "1", "valid": "2", "invalid": "3", "converted": "4"}
)

func health(name, canon string) Col { return Col{name, canon, Code, Answers} }

// Schema is the demo CRM, parents first.
var Schema = []Table{
	{Name: "crm_region", Canon: "regions", Key: []string{"id"}, Cols: []Col{
		{"id", "region_id", ID, nil}, {"region_name", "name", Text, nil}}},
	{Name: "crm_market", Canon: "markets", Key: []string{"id"}, Cols: []Col{
		{"id", "market_id", ID, nil}, {"market_name", "name", Text, nil}, {"region_id", "region_id", ID, nil},
		{"segment", "segment", Text, nil}, {"fiscal_progress", "fiscal_progress_pct", Float, nil},
		{"policy_date", "policy_date", Date, nil}, {"competition", "competition_index", Float, nil}}},
	{Name: "crm_sales_rep", Canon: "reps", Key: []string{"id"}, Cols: []Col{
		{"id", "rep_id", ID, nil}, {"full_name", "name", Text, nil}, {"region_id", "region_id", ID, nil},
		{"market_id", "market_id", ID, nil}, {"leader_id", "manager_id", ID, nil}, {"rank_title", "level", Text, nil},
		{"join_date", "hired_on", Date, nil}, {"is_active", "active", Flag, nil}}},
	{Name: "crm_rep_score", Canon: "rep_capability", Key: []string{"rep_id", "quarter"}, Cols: []Col{
		{"rep_id", "rep_id", ID, nil}, {"quarter", "period", Text, nil},
		{"product_test", "product_test_score", Float, nil}, {"big_deal_win", "big_deal_win_rate", Float, nil},
		{"complaint", "complaint_rate", Float, nil}, {"cycle_days", "avg_cycle_days", Float, nil},
		{"visit_to_opp", "visit_to_opp_rate", Float, nil}, {"renewal", "renewal_rate", Float, nil}}},
	{Name: "crm_account", Canon: "customers", Key: []string{"id"}, Cols: []Col{
		{"id", "customer_id", ID, nil}, {"account_name", "name", Text, nil}, {"industry", "industry", Text, nil},
		{"region_id", "region_id", ID, nil}, {"owner_id", "owner_rep_id", ID, nil}, {"tier", "static_tier", Text, nil},
		{"annual_purchase", "annual_purchase", Money, nil}, {"created_time", "created_at", DateTime, nil}}},
	{Name: "crm_account_health", Canon: "customer_health_nodes", Key: []string{"account_id"}, Cols: []Col{
		{"account_id", "customer_id", ID, nil},
		health("plan_ok", "plan_approved"), health("budget_ok", "budget_approved"), health("tech_ok", "tech_connected"),
		health("competitor_ok", "competitor_status"), health("payment_ok", "payment_terms"), health("delivery_ok", "delivery_buffer"),
		{"evidence", "evidence_refs", LongText, nil}}},
	{Name: "crm_lead", Canon: "leads", Key: []string{"id"}, Cols: []Col{
		{"id", "lead_id", ID, nil}, {"created_time", "created_at", DateTime, nil}, {"region_id", "region_id", ID, nil},
		{"source_channel", "channel", Text, nil}, {"status_code", "status", Code, statusCodes},
		{"owner_id", "owner_rep_id", ID, nil}, {"first_follow_time", "first_followed_at", DateTime, nil},
		{"last_follow_time", "last_followed_at", DateTime, nil}, {"account_id", "customer_id", ID, nil}}},
	{Name: "crm_opportunity", Canon: "opportunities", Key: []string{"id"}, Cols: []Col{
		{"id", "opp_id", ID, nil}, {"account_id", "customer_id", ID, nil}, {"owner_id", "owner_rep_id", ID, nil},
		{"amount", "amount", Money, nil}, {"stage_code", "stage", Code, StageCodes},
		{"result_code", "outcome", Code, outcomeCodes}, {"lost_reason", "lost_reason", Text, nil},
		{"created_time", "created_at", DateTime, nil}, {"closed_time", "closed_at", DateTime, nil},
		{"expected_sign_date", "planned_sign_date", Date, nil}}},
	{Name: "crm_opp_stage_log", Canon: "stage_history", Key: []string{"id"}, Cols: []Col{
		{"id", "change_id", ID, nil}, {"opp_id", "opp_id", ID, nil},
		{"from_code", "from_stage", Code, StageCodes}, {"to_code", "to_stage", Code, StageCodes},
		{"changed_time", "changed_at", DateTime, nil}, {"entered_at", "recorded_at", Instant, nil}}},
	{Name: "crm_opp_milestone", Canon: "key_actions", Key: []string{"opp_id", "milestone"}, Cols: []Col{
		{"opp_id", "opp_id", ID, nil}, {"milestone", "action", Text, nil},
		{"done_time", "completed_at", DateTime, nil}, {"entered_at", "recorded_at", Instant, nil},
		{"attachment", "evidence_ref", Text, nil}, {"approved_by", "approver", Text, nil}}},
	{Name: "crm_requirement", Canon: "requirements", Key: []string{"id"}, Cols: []Col{
		{"id", "req_id", ID, nil}, {"opp_id", "opp_id", ID, nil}, {"raised_time", "raised_at", DateTime, nil},
		{"ticket_no", "ticket_id", Text, nil}, {"approved_time", "approved_at", DateTime, nil}}},
	{Name: "crm_visit", Canon: "visits", Key: []string{"id"}, Cols: []Col{
		{"id", "visit_id", ID, nil}, {"rep_id", "rep_id", ID, nil}, {"account_id", "customer_id", ID, nil},
		{"visit_time", "visited_at", Instant, nil}, {"entered_at", "recorded_at", Instant, nil},
		{"notes", "purpose", LongText, nil}}},
	{Name: "crm_contract", Canon: "contracts", Key: []string{"id"}, Cols: []Col{
		{"id", "contract_id", ID, nil}, {"opp_id", "opp_id", ID, nil}, {"account_id", "customer_id", ID, nil},
		{"contract_amount", "amount", Money, nil}, {"sign_time", "signed_at", DateTime, nil},
		{"entered_at", "recorded_at", Instant, nil}, {"renewal_of", "renewal_of", ID, nil}}},
	{Name: "crm_quota", Canon: "targets", Key: []string{"rep_id", "quarter"}, Cols: []Col{
		{"rep_id", "rep_id", ID, nil}, {"quarter", "period", Text, nil},
		{"quota_amount", "target_amount", Money, nil}, {"set_by", "set_by", Text, nil}}},
}

// Find returns the CRM table feeding canonical table canon.
func Find(canon string) (Table, bool) {
	for _, t := range Schema {
		if t.Canon == canon {
			return t, true
		}
	}
	return Table{}, false
}
