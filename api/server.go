// Package api is the HTTP face of reliefledger: one route table, thin
// handlers (parse → call the domain → respond), problem+json errors.
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reliefledger/internal/sheet"
	"sync"

	"github.com/gin-gonic/gin"

	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/checkpoint"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/reports"
	"reliefledger/rules"
)

// Pinger checks the database for /readyz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds what the handlers need.
type Server struct {
	Ledger *ledger.Service
	Access *access.Service
	Users  *access.Users
	// Sessions, when set, lets a signed-in browser's session cookie
	// authenticate API requests as a token does.
	Sessions *access.Sessions
	Audit    *audit.Log
	// Households is the registry.
	Households *households.Service
	// Donations records donations.
	Donations *donations.Service
	// Goods keeps warehouses and stock.
	Goods *goods.Service
	// Checkpoints signs the journal head.
	Checkpoints *checkpoint.Service
	// Distribution runs plans, requests, deliveries and fairness.
	Distribution *distribution.Service
	DB           Pinger
	Log          *slog.Logger
	Metrics      *Metrics
	// MaxBody caps request bodies (bytes); 1 MiB when 0.
	MaxBody int64
	// MaxUpload caps uploaded files (bytes); 50 MiB when 0.
	MaxUpload int64
	// Uploads bound what an uploaded spreadsheet may inflate to and its
	// rows (its bytes are MaxUpload); the sheet package's defaults when 0.
	Uploads sheet.Limits
	// Version is reported by /healthz.
	Version string
	// TrustedProxies are the CIDRs of the reverse proxies whose
	// X-Forwarded-For names the client (RELIEF_TRUSTED_PROXIES); nil
	// trusts nobody: the client is the connection's peer.
	TrustedProxies []string
	// WriteRate limits writes per token per second (0: no limit), with
	// bursts of WriteBurst.
	WriteRate  float64
	WriteBurst int

	// Campaigns keeps campaigns and the rule book; the rules
	// routes answer from rules.Standard when it is nil.
	Campaigns *rules.Service
	// Reports computes the summary report; nil: one over the
	// services above, without a period-close reader.
	Reports *reports.Service
	// Replicas, when set, sends lag-tolerant reads to read
	// replicas (api/replica.go).
	Replicas Replicas

	limiter     *limiter
	openAPIOnce sync.Once
	openAPIDoc  map[string]any
}

// param documents a query or path parameter.
type param struct {
	Name, In, Type, Description string
}

// route is one row of the route table: the handler and everything the
// server enforces around it.
type route struct {
	Method  string
	Path    string // gin syntax, e.g. /api/v1/journal/:id/reverse
	Handler gin.HandlerFunc
	// Roles may call the route; nil means public (no token).
	Roles []access.Role
	// Creates marks a creating POST: it requires an Idempotency-Key.
	Creates bool
	// JSONBody says the route reads a JSON body.
	JSONBody bool
	// Audit records reads in the audit log too (exports); writes always are.
	Audit bool
	// Upload says the body is a file (multipart, CSV or XLSX), up to MaxUpload.
	Upload bool
	// BigBody lets a JSON body grow to MaxUpload (bulk deliveries).
	BigBody bool

	// For the OpenAPI description.
	Tag, Summary string
	// Query lists the query parameters; one with In "path" describes a
	// path parameter.
	Query        []param
	Request      string // schema name of the body
	Response     string // schema name of the success body
	Status       int    // success status; 200 when 0
	ResponseType string // media type of a non-JSON success body
}

// Role groups used by the table.
var (
	everyone     = access.Roles
	bookkeepers  = []access.Role{access.Admin, access.FundOfficer}
	ledgerReader = []access.Role{access.Admin, access.FundOfficer, access.Approver, access.Auditor, access.Supervisor}
	adminOnly    = []access.Role{access.Admin}
	verifiers    = []access.Role{access.Admin, access.Auditor}
	auditReaders = []access.Role{access.Admin, access.Auditor}
	registrars   = []access.Role{access.Admin, access.FundOfficer, access.DistrictOfficer}
	stockKeepers = registrars
	planners     = bookkeepers
	approvers    = []access.Role{access.Admin, access.Approver}
	deliverers   = registrars
)

// routes is the whole API: every /api/v1 route, who may call it, and how it
// is described.
func (s *Server) routes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/funds", Handler: s.listFunds, Roles: everyone,
			Tag: "ledger", Summary: "Funds with their balances by account type", Response: "FundList"},
		{Method: "POST", Path: "/api/v1/funds", Handler: s.createFund, Roles: adminOnly, Creates: true, JSONBody: true,
			Tag: "ledger", Summary: "Create a fund with the standard chart of accounts", Request: "FundCreate", Response: "Fund", Status: 201},
		{Method: "GET", Path: "/api/v1/accounts", Handler: s.listAccounts, Roles: everyone,
			Tag: "ledger", Summary: "Chart of accounts", Response: "AccountList",
			Query: []param{{"fund", "query", "string", "fund code, e.g. POOR"}, {"type", "query", "string", "asset, liability, net_assets, revenue or expense"}, limitParam, cursorParam}},
		{Method: "POST", Path: "/api/v1/accounts", Handler: s.createAccount, Roles: adminOnly, Creates: true, JSONBody: true,
			Tag: "ledger", Summary: "Add an account to a fund", Request: "AccountCreate", Response: "Account", Status: 201},
		{Method: "GET", Path: "/api/v1/accounts/:id/balance", Handler: s.getAccountBalance, Roles: everyone,
			Tag: "ledger", Summary: "An account's balances, stored or recomputed as of a date", Response: "AccountBalance",
			Query: []param{{"as_of", "query", "string", "YYYY-MM-DD: recompute from entries dated on or before this day"}}},
		{Method: "GET", Path: "/api/v1/journal", Handler: s.listJournal, Roles: ledgerReader,
			Tag: "ledger", Summary: "Journal entries with postings, oldest first", Response: "EntryList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"account_id", "query", "integer", "only entries touching this account"},
				{"kind", "query", "string", "entry kind"}, {"from", "query", "string", "first date, YYYY-MM-DD"}, {"to", "query", "string", "last date, YYYY-MM-DD"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/journal/:id", Handler: s.getEntry, Roles: ledgerReader,
			Tag: "ledger", Summary: "One journal entry", Response: "Entry"},
		{Method: "POST", Path: "/api/v1/journal", Handler: s.createEntry, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "ledger", Summary: "Post a balanced manual entry (opening, adjustment, transfer)", Request: "EntryCreate", Response: "Entry", Status: 201},
		{Method: "POST", Path: "/api/v1/journal/:id/reverse", Handler: s.reverseEntry, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "ledger", Summary: "Reverse an entry with a reason", Request: "ReverseRequest", Response: "Entry", Status: 201},
		{Method: "GET", Path: "/api/v1/trial-balance", Handler: s.getTrialBalance, Roles: ledgerReader,
			Tag: "ledger", Summary: "Trial balance of a fund as of a date", Response: "TrialBalance",
			Query: []param{{"fund", "query", "string", "fund code (required)"}, {"as_of", "query", "string", "YYYY-MM-DD; today when absent"}}},
		{Method: "POST", Path: "/api/v1/ledger/verify", Handler: s.verifyLedger, Roles: verifiers,
			Tag: "ledger", Summary: "Recompute every balance and the hash chain and report differences", Response: "VerifyReport"},
		{Method: "POST", Path: "/api/v1/checkpoints", Handler: s.createCheckpoint, Roles: verifiers, Creates: true, JSONBody: true,
			Tag: "ledger", Summary: "Sign the journal head (last entry and its hash) now, so that truncating the journal later shows; keep the answer", Request: "CheckpointCreate", Response: "Checkpoint", Status: 201},
		{Method: "GET", Path: "/api/v1/items", Handler: s.listItems, Roles: everyone,
			Tag: "goods", Summary: "Kinds of goods with their units", Response: "ItemList"},
		{Method: "POST", Path: "/api/v1/items", Handler: s.createItem, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "goods", Summary: "Add a kind of goods (unit and decimals never change)", Request: "ItemCreate", Response: "Item", Status: 201},
		{Method: "GET", Path: "/api/v1/warehouses", Handler: s.listWarehouses, Roles: everyone,
			Tag: "goods", Summary: "Warehouses: the province's and each district's", Response: "WarehouseList"},
		{Method: "POST", Path: "/api/v1/warehouses", Handler: s.createWarehouse, Roles: adminOnly, Creates: true, JSONBody: true,
			Tag: "goods", Summary: "Add a warehouse", Request: "WarehouseCreate", Response: "Warehouse", Status: 201},
		{Method: "GET", Path: "/api/v1/stock", Handler: s.getStock, Roles: everyone,
			Tag: "goods", Summary: "Stock by fund, warehouse and item, in quantity and value, at any date (a district officer sees their district)", Response: "StockList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"warehouse", "query", "string", "warehouse code"}, {"item", "query", "string", "item code"},
				{"as_of", "query", "string", "YYYY-MM-DD: stock at the end of this day; now when absent"}}},
		{Method: "GET", Path: "/api/v1/stock/movements", Handler: s.stockMovements, Roles: everyone,
			Tag: "goods", Summary: "Nhập – xuất – tồn: opening, receipts, issues and closing per warehouse and item over a period", Response: "StockCardList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"warehouse", "query", "string", "warehouse code"}, {"item", "query", "string", "item code"},
				{"from", "query", "string", "first day, YYYY-MM-DD (from the beginning when absent)"}, {"to", "query", "string", "last day, YYYY-MM-DD (today when absent)"},
				{"lines", "query", "string", "true: list every movement with the balance after it"}}},
		{Method: "POST", Path: "/api/v1/stock/transfers", Handler: s.createTransfer, Roles: stockKeepers, Creates: true, JSONBody: true,
			Tag: "goods", Summary: "Move goods between warehouses at average cost (one entry)", Request: "StockTransfer", Response: "Entry", Status: 201},
		{Method: "POST", Path: "/api/v1/stock/issues", Handler: s.createIssue, Roles: stockKeepers, Creates: true, JSONBody: true,
			Tag: "goods", Summary: "Give goods to an organisation (checkpoint, quarantine site, relief trip) at average cost", Request: "StockIssue", Response: "Entry", Status: 201},

		{Method: "POST", Path: "/api/v1/allocation-plans", Handler: s.createPlan, Roles: planners, Creates: true, JSONBody: true,
			Tag: "distribution", Summary: "Draft an allocation plan (rates or budget by weighted need) with its preview per district", Request: "PlanCreate", Response: "Plan", Status: 201},
		{Method: "GET", Path: "/api/v1/allocation-plans", Handler: s.listPlans, Roles: everyone,
			Tag: "distribution", Summary: "Allocation plans", Response: "PlanList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"status", "query", "string", "draft or approved"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/allocation-plans/:id", Handler: s.getPlan, Roles: everyone,
			Tag: "distribution", Summary: "A plan with its districts and whether its source covers it", Response: "Plan"},
		{Method: "GET", Path: "/api/v1/allocation-plans/:id/households", Handler: s.listPlanHouseholds, Roles: everyone,
			Tag: "distribution", Summary: "A plan's households and packages (a district officer sees their district)", Response: "PlanHouseholdList",
			Query: []param{{"district", "query", "string", "district code"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/allocation-plans/:id/recompute", Handler: s.recomputePlan, Roles: everyone,
			Tag: "distribution", Summary: "Recompute a plan from its stored inputs and compare with its stored result", Response: "PlanRecompute"},
		{Method: "POST", Path: "/api/v1/allocation-plans/:id/approve", Handler: s.approvePlan, Roles: approvers, Creates: true, JSONBody: true,
			Tag: "distribution", Summary: "Approve a plan (not its author): posts it to the ledger, all or nothing", Request: "PlanApprove", Response: "Plan", Status: 201},
		{Method: "POST", Path: "/api/v1/allocation-requests", Handler: s.createRequest, Roles: registrars, Creates: true, JSONBody: true,
			Tag: "distribution", Summary: "File a district's allocation request", Request: "RequestCreate", Response: "AllocationRequest", Status: 201},
		{Method: "GET", Path: "/api/v1/allocation-requests", Handler: s.listRequests, Roles: everyone,
			Tag: "distribution", Summary: "Allocation requests (a district officer sees their district)", Response: "AllocationRequestList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"district", "query", "string", "district code"}, {"status", "query", "string", "pending, approved or rejected"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/allocation-requests/:id", Handler: s.getRequest, Roles: everyone,
			Tag: "distribution", Summary: "One allocation request", Response: "AllocationRequest"},
		{Method: "POST", Path: "/api/v1/allocation-requests/:id/decision", Handler: s.decideRequest, Roles: approvers, Creates: true, JSONBody: true,
			Tag: "distribution", Summary: "Approve a request in full or in part (posts it), or reject it with a reason", Request: "RequestDecision", Response: "AllocationRequest", Status: 201},
		{Method: "POST", Path: "/api/v1/deliveries", Handler: s.createDeliveries, Roles: deliverers, Creates: true, JSONBody: true, BigBody: true,
			Tag: "distribution", Summary: "Record one or many deliveries of a plan or request, all or none", Request: "DeliveryCreate", Response: "DeliveryResult", Status: 201},
		{Method: "GET", Path: "/api/v1/deliveries", Handler: s.listDeliveries, Roles: everyone,
			Tag: "distribution", Summary: "Deliveries (a district officer sees their district)", Response: "DeliveryList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"plan", "query", "integer", "plan id"}, {"request", "query", "integer", "request id"},
				{"district", "query", "string", "district code"}, {"item", "query", "string", "item code"}, {"from", "query", "string", "YYYY-MM-DD"}, {"to", "query", "string", "YYYY-MM-DD"},
				{"campaign", "query", "string", "a campaign's code: its fund's deliveries from its first day, each marked late or not by its rule set's deadline"}, limitParam, cursorParam}},

		{Method: "GET", Path: "/api/v1/fairness", Handler: s.getFairness, Roles: everyone,
			Tag: "distribution", Summary: "Fairness of a plan, or of a fund over a period, per district and commune, each figure with its definition", Response: "Fairness",
			Query: []param{{"plan", "query", "integer", "a plan (its households with a package are the eligible list)"},
				{"fund", "query", "string", "or a fund (the active registry is the eligible list)"}, {"from", "query", "string", "YYYY-MM-DD"}, {"to", "query", "string", "YYYY-MM-DD"},
				{"item", "query", "string", "goods deliveries of this item instead of money"}, {"tolerance", "query", "string", "flag districts off the mean by more than this fraction (default 0.1)"},
				{"deadline_days", "query", "integer", "deliveries later than this many days after approval are late: a figure the caller chooses (default 20), read from no regulation"},
				{"campaign", "query", "string", "a campaign's code: its fund, its period from its first day, and the delivery deadline of its rule set"}}},
		{Method: "GET", Path: "/api/v1/households/unreached", Handler: s.listUnreached, Roles: everyone,
			Tag: "distribution", Summary: "Eligible households that received nothing from a plan, or from a fund in a period", Response: "UnreachedList",
			Query: []param{{"plan", "query", "integer", "plan id"}, {"fund", "query", "string", "or a fund code"}, {"from", "query", "string", "YYYY-MM-DD"},
				{"to", "query", "string", "YYYY-MM-DD"}, {"item", "query", "string", "goods of this item instead of money"}, {"district", "query", "string", "district code"},
				{"campaign", "query", "string", "or a campaign's code: its fund from its first day"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/regions", Handler: s.listRegions, Roles: everyone,
			Tag: "households", Summary: "Administrative units as a tree, with the mapping from old units to new", Response: "Regions",
			Query: []param{{"scheme", "query", "string", "2021 (province → district → commune, default) or 2025 (province → commune)"}}},
		{Method: "GET", Path: "/api/v1/households", Handler: s.listHouseholds, Roles: everyone,
			Tag: "households", Summary: "Households (a district officer sees their district only)", Response: "HouseholdList",
			Query: []param{{"district", "query", "string", "district code"}, {"commune", "query", "string", "commune code"},
				{"category", "query", "string", "poor or near_poor"}, {"status", "query", "string", "active, graduated, moved, dissolved"},
				{"flags", "query", "string", "comma-separated flags a household must all have"},
				{"q", "query", "string", "search head name or code, accents ignored"}, limitParam, cursorParam}},
		{Method: "POST", Path: "/api/v1/households", Handler: s.createHousehold, Roles: registrars, Creates: true, JSONBody: true,
			Tag: "households", Summary: "Register a household", Request: "HouseholdCreate", Response: "Household", Status: 201},
		{Method: "GET", Path: "/api/v1/households/summary", Handler: s.householdSummary, Roles: everyone,
			Tag: "households", Summary: "Active households by district and category", Response: "HouseholdSummary"},
		{Method: "POST", Path: "/api/v1/households/import", Handler: s.importHouseholds, Roles: registrars, Creates: true, Upload: true,
			Tag: "households", Summary: "Import a commune's list (XLSX or CSV): dry_run=true reports every bad row; otherwise all rows or none",
			Request: "Upload", Response: "ImportReport", Query: []param{{"dry_run", "query", "boolean", "check only"}, {"filename", "query", "string", "name of a raw upload, e.g. list.xlsx"}}},
		{Method: "GET", Path: "/api/v1/households/:id", Handler: s.getHousehold, Roles: everyone,
			Tag: "households", Summary: "One household", Response: "Household"},
		{Method: "PATCH", Path: "/api/v1/households/:id", Handler: s.updateHousehold, Roles: registrars, JSONBody: true,
			Tag: "households", Summary: "Change a household; every change is kept with who and when", Request: "HouseholdPatch", Response: "Household"},
		{Method: "GET", Path: "/api/v1/households/:id/history", Handler: s.householdHistory, Roles: everyone,
			Tag: "households", Summary: "A household's changes, oldest first", Response: "ChangeList"},

		{Method: "GET", Path: "/api/v1/donors", Handler: s.listDonors, Roles: ledgerReader,
			Tag: "donations", Summary: "Donors", Response: "DonorList", Query: []param{{"q", "query", "string", "name contains, accents ignored"}, limitParam, cursorParam}},
		{Method: "POST", Path: "/api/v1/donors", Handler: s.createDonor, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "donations", Summary: "Register a donor", Request: "DonorCreate", Response: "Donor", Status: 201},
		{Method: "GET", Path: "/api/v1/donations", Handler: s.listDonations, Roles: ledgerReader,
			Tag: "donations", Summary: "Donations (the receipt register)", Response: "DonationList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"donor_id", "query", "integer", ""}, {"channel", "query", "string", "cash, bank or in_kind"},
				{"from", "query", "string", "received on or after, YYYY-MM-DD"}, {"to", "query", "string", "received on or before"},
				{"earmark", "query", "string", "e.g. district:943"}, {"status", "query", "string", "recorded or voided"},
				{"q", "query", "string", "donor name (accents ignored), bank reference or receipt number"}, limitParam, cursorParam}},
		{Method: "POST", Path: "/api/v1/donations", Handler: s.createDonation, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "donations", Summary: "Record a donation (cash, bank transfer or in kind) and issue its receipt", Request: "DonationCreate", Response: "Donation", Status: 201},
		{Method: "GET", Path: "/api/v1/donations/:id", Handler: s.getDonation, Roles: ledgerReader,
			Tag: "donations", Summary: "One donation with its receipt", Response: "Donation"},
		{Method: "POST", Path: "/api/v1/donations/:id/void", Handler: s.voidDonation, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "donations", Summary: "Void a donation with a reason (a reversal; the receipt number stays used)", Request: "ReverseRequest", Response: "Donation"},
		{Method: "POST", Path: "/api/v1/bank-statements", Handler: s.importStatement, Roles: bookkeepers, Creates: true, Upload: true,
			Tag: "donations", Summary: "Import a bank statement (CSV or XLSX): credit lines become donations; nothing is recorded twice",
			Request: "Upload", Response: "StatementReport", Query: []param{{"fund", "query", "string", "fund code (required)"},
				{"dry_run", "query", "boolean", "report only"}, {"filename", "query", "string", "name of a raw upload, e.g. saoke.csv"}}},
		{Method: "GET", Path: "/api/v1/public/use", Handler: s.publicUse,
			Tag: "public", Summary: "What a fund's deliveries gave each district: households reached, amounts, support per household (no token)", Response: "PublicUseList",
			Query: []param{{"fund", "query", "string", "fund code (required)"}, {"from", "query", "string", "YYYY-MM-DD"}, {"to", "query", "string", "YYYY-MM-DD"}}},
		{Method: "GET", Path: "/api/v1/public/funds", Handler: s.publicFunds,
			Tag: "public", Summary: "Funds: received, distributed, on hand", Response: "PublicFundList"},
		{Method: "GET", Path: "/api/v1/public/donations", Handler: s.publicDonations,
			Tag: "public", Summary: "Search the published donations, newest received first: words without accents or case, every one required, in the published donor name and the transfer text (phone and account numbers masked; an anonymous donor is not found by their name); a capped count; keyset pages", Response: "PublicDonationSearch",
			Query: []param{{"q", "query", "string", "words, e.g. nguyen thi lan: each must start a published word, accents and case ignored; at most 10 words and 200 characters (else 400); a receipt number alone (COVID-2021-000123) finds that receipt"}, {"ref", "query", "string", "a bank reference or receipt number, exact (case ignored)"},
				{"amount", "query", "string", "exact amount in đồng"}, {"from", "query", "string", "YYYY-MM-DD"}, {"to", "query", "string", "YYYY-MM-DD"},
				{"fund", "query", "string", "fund code"}, {"limit", "query", "integer", "page size, 1–100 (default 20)"}, {"cursor", "query", "string", "next of the previous page"}}},
		{Method: "GET", Path: "/api/v1/public/receipts/:code", Handler: s.publicReceipt,
			Tag: "public", Summary: "Verify a receipt by its number", Response: "PublicDonation",
			Query: []param{{"code", "path", "string", "the receipt number, FUND-YEAR-NNNNNN"}}},
		{Method: "GET", Path: "/api/v1/public/checkpoints", Handler: s.listCheckpoints,
			Tag: "public", Summary: "Signed checkpoints of the journal head, oldest first (no token)", Response: "CheckpointList",
			Query: []param{limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/public/checkpoint-key", Handler: s.getCheckpointKey,
			Tag: "public", Summary: "The public key that verifies checkpoints, and the signed message's format (no token)", Response: "CheckpointKey"},

		{Method: "GET", Path: "/api/v1/exports/:name", Handler: s.exportWorkbook, Roles: everyone, Audit: true,
			Tag: "exports", Summary: "Download an Excel workbook, streamed: reconciliation, journal, trial-balance, donations, public-disclosure, stock, distribution-list, deliveries, fairness (.xlsx); a district officer gets distribution-list, deliveries and stock of their district; every download is in the audit log", Response: "Workbook",
			ResponseType: xlsxType, Query: []param{{"name", "path", "string", "the workbook's file name, e.g. journal.xlsx"}, {"fund", "query", "string", "fund code"}, {"from", "query", "string", "first day, YYYY-MM-DD"},
				{"to", "query", "string", "last day, YYYY-MM-DD"}, {"as_of", "query", "string", "YYYY-MM-DD (trial balance)"},
				{"district", "query", "string", "district code"}, {"plan", "query", "integer", "allocation plan"}, {"warehouse", "query", "string", "warehouse code"},
				{"item", "query", "string", "item code"}, {"lang", "query", "string", "en for English headers; Vietnamese by default"},
				{"campaign", "query", "string", "summary: a campaign's code (its fund, period and rule set's deadline)"},
				{"deadline_days", "query", "integer", "summary: deliveries later than this after approval are late (absent: unknown)"}, {"rule_set", "query", "string", "summary: the rule set the deadline comes from, echoed"}}},
		{Method: "POST", Path: "/api/v1/deliveries/import", Handler: s.importDeliveries, Roles: deliverers, Creates: true, Upload: true,
			Tag: "distribution", Summary: "Upload a signed distribution list (the distribution-list export, rows marked received with a date): the deliveries are recorded, all or none", Response: "DeliveryImport", Status: 201,
			Query: []param{{"plan", "query", "integer", "the plan the list belongs to (required)"}, {"handed_over_by", "query", "string", "for rows that do not name who handed over"},
				{"dry_run", "query", "string", "true: check the file, record nothing"}}},

		{Method: "GET", Path: "/api/v1/me", Handler: s.getMe, Roles: everyone,
			Tag: "users", Summary: "The calling user", Response: "User"},
		{Method: "GET", Path: "/api/v1/users", Handler: s.listUsers, Roles: adminOnly,
			Tag: "users", Summary: "Users", Response: "UserList", Query: []param{limitParam, cursorParam}},
		{Method: "POST", Path: "/api/v1/users", Handler: s.createUser, Roles: adminOnly, Creates: true, JSONBody: true,
			Tag: "users", Summary: "Create a user with one role (a district officer with one district)", Request: "UserCreate", Response: "User", Status: 201},
		{Method: "GET", Path: "/api/v1/users/:id", Handler: s.getUser, Roles: adminOnly,
			Tag: "users", Summary: "One user", Response: "User"},
		{Method: "PATCH", Path: "/api/v1/users/:id", Handler: s.updateUser, Roles: adminOnly, JSONBody: true,
			Tag: "users", Summary: "Change a user's role or district, deactivate or reactivate them (a deactivated user's sessions end and tokens are refused at once)", Request: "UserPatch", Response: "User"},
		{Method: "GET", Path: "/api/v1/users/:id/tokens", Handler: s.listTokens, Roles: adminOnly,
			Tag: "users", Summary: "A user's API tokens (never their secrets)", Response: "TokenList"},
		{Method: "POST", Path: "/api/v1/users/:id/tokens", Handler: s.createToken, Roles: adminOnly, Creates: true, JSONBody: true,
			Tag: "users", Summary: "Issue an API token; its secret is in this answer only", Request: "TokenCreate", Response: "Token", Status: 201},
		{Method: "PUT", Path: "/api/v1/users/:id/password", Handler: s.setPassword, Roles: adminOnly, JSONBody: true,
			Tag: "users", Summary: "Set a user's sign-in username (when it has none) and password, and end every session of the user; the body is never logged", Request: "PasswordSet", Response: "User"},
		{Method: "DELETE", Path: "/api/v1/users/:id/tokens/:token_id", Handler: s.revokeToken, Roles: adminOnly,
			Tag: "users", Summary: "Revoke an API token", Response: "Token"},
		{Method: "GET", Path: "/api/v1/audit", Handler: s.listAudit, Roles: auditReaders,
			Tag: "audit", Summary: "The audit log, newest first", Response: "AuditList",
			Query: []param{{"user_id", "query", "integer", "only this user"}, {"route", "query", "string", "only this route template"},
				{"from", "query", "string", "first day, YYYY-MM-DD"}, {"to", "query", "string", "last day, YYYY-MM-DD"}, limitParam, cursorParam}},

		{Method: "GET", Path: "/api/v1/rules", Handler: s.getRules, Roles: everyone,
			Tag: "rules", Summary: "The rule set (decree) in force on a date, each parameter with its legal source or marked unknown", Response: "RuleSet",
			Query: []param{{"date", "query", "string", "YYYY-MM-DD; today when absent"}}},
		{Method: "GET", Path: "/api/v1/rule-sets", Handler: s.listRuleSets, Roles: everyone,
			Tag: "rules", Summary: "Every rule set, oldest first", Response: "RuleSetList"},
		{Method: "POST", Path: "/api/v1/campaigns", Handler: s.createCampaign, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "rules", Summary: "Create a campaign (a fund's appeal period) under the rule set in force on its first day, or one named", Request: "CampaignCreate", Response: "Campaign", Status: 201},
		{Method: "GET", Path: "/api/v1/campaigns", Handler: s.listCampaigns, Roles: everyone,
			Tag: "rules", Summary: "Campaigns with what was received during each and its delivery deadline", Response: "CampaignList",
			Query: []param{{"fund", "query", "string", "fund code"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/campaigns/:code", Handler: s.getCampaign, Roles: everyone,
			Tag: "rules", Summary: "One campaign, by code or id", Response: "Campaign",
			Query: []param{{"code", "path", "string", "the campaign's code, e.g. COVID-2021, or its id"}}},
		// The summary report (api/summary.go).
		{Method: "GET", Path: "/api/v1/reports/summary", Handler: s.getSummary, Roles: everyone,
			Tag: "reports", Summary: "Summary report (Báo cáo tổng hợp) of a fund over a period at one journal head: received, distributed, on hand, requests, late deliveries, unreached households; the districts' parts and the province's own sum to the total (a district officer gets their district's part)", Response: "SummaryReport",
			Query: []param{{"fund", "query", "string", "fund code (required unless campaign is given)"}, {"from", "query", "string", "first day, YYYY-MM-DD (a campaign's first day with campaign)"}, {"to", "query", "string", "last day, YYYY-MM-DD (today when absent)"},
				{"district", "query", "string", "one district's part"}, {"campaign", "query", "string", "a campaign's code: its fund, its period from its first day, and its rule set's delivery deadline"},
				{"deadline_days", "query", "integer", "deliveries later than this after approval are late; 0 or absent: unknown, none counted (not with campaign)"},
				{"rule_set", "query", "string", "the rule set the deadline comes from, echoed"}}},
		{Method: "POST", Path: "/api/v1/relief-trips", Handler: s.createTrip, Roles: stockKeepers, Creates: true, JSONBody: true,
			Tag: "distribution", Summary: "Record a relief trip or frontline support: its manifest of goods (at average cost) and money goes to aid to organisations in one entry, all or nothing (a district officer: goods of their district's warehouses)", Request: "ReliefTripCreate", Response: "ReliefTrip", Status: 201},
		{Method: "GET", Path: "/api/v1/relief-trips", Handler: s.listTrips, Roles: everyone,
			Tag: "distribution", Summary: "Relief trips and frontline support (a district officer sees their district's)", Response: "ReliefTripList",
			Query: []param{{"fund", "query", "string", "fund code"}, {"kind", "query", "string", "trip or frontline"}, {"from", "query", "string", "first day on or after, YYYY-MM-DD"},
				{"to", "query", "string", "first day on or before, YYYY-MM-DD"}, limitParam, cursorParam}},
		{Method: "GET", Path: "/api/v1/relief-trips/:id", Handler: s.getTrip, Roles: everyone,
			Tag: "distribution", Summary: "One relief trip or frontline support with its manifest", Response: "ReliefTrip"},
		{Method: "POST", Path: "/api/v1/relief-trips/:id/reverse", Handler: s.reverseTrip, Roles: bookkeepers, Creates: true, JSONBody: true,
			Tag: "distribution", Summary: "Cancel a trip with a reason: its entry is reversed", Request: "ReverseRequest", Response: "ReliefTrip", Status: 201},
		{Method: "POST", Path: "/api/v1/periods/close", Handler: s.closePeriod, Roles: adminOnly, Creates: true, JSONBody: true,
			Tag: "ledger", Summary: "Close a fund's books through a date: no entry touching the fund may then be dated on or before it (corrections and reversals post in the open period); never reopened", Request: "PeriodCloseCreate", Response: "PeriodClose", Status: 201},
		{Method: "GET", Path: "/api/v1/periods", Handler: s.listPeriodCloses, Roles: everyone,
			Tag: "ledger", Summary: "Closed periods: each close of a fund's books, oldest first", Response: "PeriodCloseList",
			Query: []param{{"fund", "query", "string", "fund code"}, limitParam, cursorParam}},
	}
}

var (
	limitParam  = param{"limit", "query", "integer", "page size, 1–500 (default 50)"}
	cursorParam = param{"cursor", "query", "string", "opaque cursor from next_cursor"}
)

// Handler returns the HTTP handler of the whole service.
func (s *Server) Handler() http.Handler {
	if s.MaxBody == 0 {
		s.MaxBody = 1 << 20
	}
	if s.MaxUpload == 0 {
		s.MaxUpload = 50 << 20
	}
	if s.Metrics == nil {
		s.Metrics = NewMetrics()
	}
	s.limiter = newLimiter(s.WriteRate, s.WriteBurst)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// Only the operator's proxies may name the client (X-Forwarded-For),
	// or the audit log would record whatever address a caller claims.
	if err := r.SetTrustedProxies(s.TrustedProxies); err != nil {
		panic(fmt.Sprintf("api: trusted proxies %v: %v", s.TrustedProxies, err))
	}
	r.HandleMethodNotAllowed = true
	r.Use(s.recoverPanics, s.observe)
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(s.Metrics.handler()))
	r.GET("/openapi.json", s.openAPI)
	for _, rt := range s.routes() {
		r.Handle(rt.Method, rt.Path, s.audited(rt), s.authorize(rt), s.replicaReads(rt), s.limitWrites(rt), s.readBody(rt), rt.Handler)
	}
	r.NoRoute(func(c *gin.Context) { s.fail(c, notFoundRoute(c)) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, methodNotAllowed(c)) })
	return r
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.Version})
}

func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2e9)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		s.Log.Warn("not ready", "err", err)
		c.Header("Content-Type", "application/problem+json")
		c.JSON(http.StatusServiceUnavailable, Problem{Type: "about:blank", Title: "Service Unavailable", Status: 503,
			Detail: "the database does not answer", RequestID: requestID(c)})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// uploadLimits are the limits every uploaded spreadsheet is read under.
func (s *Server) uploadLimits() sheet.Limits {
	l := s.Uploads
	l.Bytes = s.MaxUpload
	return l
}
