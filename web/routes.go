package web

import "net/http"

// page is one row of the page table.
type page struct {
	Method string
	// Path is a net/http ServeMux pattern path, e.g. /r/{code}.
	Path    string
	Handler http.HandlerFunc
	// SignIn: the page needs a signed-in user (else: redirect to /login).
	SignIn bool
}

// routes is every page of the portal.
func (s *Server) routes() []page {
	return []page{
		// The public portal: no sign-in.
		{Method: "GET", Path: "/{$}", Handler: s.home},
		{Method: "GET", Path: "/donations", Handler: s.searchDonations},
		{Method: "GET", Path: "/r/{code}", Handler: s.receipt},
		{Method: "GET", Path: "/use", Handler: s.use},
		{Method: "GET", Path: "/downloads", Handler: s.downloads},
		{Method: "GET", Path: "/downloads/public-disclosure.xlsx", Handler: s.disclosureWorkbook},
		{Method: "GET", Path: "/downloads/received.csv", Handler: s.receivedCSV},
		{Method: "GET", Path: "/downloads/use.csv", Handler: s.useCSV},

		// Sign-in pages (web/signin*.go, web/session*.go, web/account*.go) go here.
		{Method: "GET", Path: "/login", Handler: s.loginForm},
		{Method: "POST", Path: "/login", Handler: s.login},
		{Method: "POST", Path: "/logout", Handler: s.logout},
		{Method: "GET", Path: "/account", Handler: s.account, SignIn: true},
		{Method: "POST", Path: "/account/sign-out-everywhere", Handler: s.signOutEverywhere, SignIn: true},
		{Method: "GET", Path: "/account/users", Handler: s.accountUsers, SignIn: true},
		{Method: "GET", Path: "/account/users/{id}", Handler: s.accountUserForm, SignIn: true},
		{Method: "POST", Path: "/account/users/{id}", Handler: s.setUserPassword, SignIn: true},

		// The staff console (web/console*.go, web/auditor*.go): each page
		// checks the role against the API's route table.
		{Method: "GET", Path: "/console", Handler: s.consoleHome, SignIn: true},
		{Method: "GET", Path: "/console/journal", Handler: s.consoleJournal, SignIn: true},
		{Method: "GET", Path: "/console/journal/{id}", Handler: s.consoleEntry, SignIn: true},
		{Method: "GET", Path: "/console/trial-balance", Handler: s.consoleTrialBalance, SignIn: true},
		{Method: "GET", Path: "/console/verify", Handler: s.consoleVerifyForm, SignIn: true},
		{Method: "POST", Path: "/console/verify", Handler: s.consoleVerify, SignIn: true},
		{Method: "GET", Path: "/console/checkpoints", Handler: s.consoleCheckpoints, SignIn: true},
		{Method: "GET", Path: "/console/audit", Handler: s.consoleAudit, SignIn: true},
		{Method: "GET", Path: "/console/workbooks", Handler: s.consoleWorkbooks, SignIn: true},
		{Method: "GET", Path: "/console/workbooks/download", Handler: s.consoleWorkbookDownload, SignIn: true},

		// The approver's queue and the supervisor's fairness
		// pages (web/console_approve.go, web/console_fairness.go).
		{Method: "GET", Path: "/console/approvals", Handler: s.consoleApprovals, SignIn: true},
		{Method: "GET", Path: "/console/approvals/plans/{id}", Handler: s.consolePlan, SignIn: true},
		{Method: "POST", Path: "/console/approvals/plans/{id}", Handler: s.consoleApprovePlan, SignIn: true},
		{Method: "GET", Path: "/console/approvals/requests/{id}", Handler: s.consoleApprovalRequest, SignIn: true},
		{Method: "POST", Path: "/console/approvals/requests/{id}", Handler: s.consoleDecideRequest, SignIn: true},
		{Method: "GET", Path: "/console/fairness", Handler: s.consoleFairness, SignIn: true},
		{Method: "GET", Path: "/console/fairness/districts/{code}", Handler: s.consoleFairnessDistrict, SignIn: true},
		// Lane district (web/district*.go): the district officer's pages.
		{Method: "GET", Path: "/console/households", Handler: s.consoleHouseholds, SignIn: true},
		{Method: "GET", Path: "/console/households/import", Handler: s.consoleImportForm, SignIn: true},
		{Method: "POST", Path: "/console/households/import", Handler: s.consoleImportCheck, SignIn: true},
		{Method: "POST", Path: "/console/households/import/confirm", Handler: s.consoleImportConfirm, SignIn: true},
		{Method: "GET", Path: "/console/households/{id}", Handler: s.consoleHousehold, SignIn: true},
		{Method: "POST", Path: "/console/households/{id}", Handler: s.consoleHouseholdUpdate, SignIn: true},
		{Method: "GET", Path: "/console/deliveries", Handler: s.consoleDeliveries, SignIn: true},
		{Method: "POST", Path: "/console/deliveries", Handler: s.consoleDeliver, SignIn: true},
		{Method: "POST", Path: "/console/deliveries/signed", Handler: s.consoleDeliverSigned, SignIn: true},
		{Method: "GET", Path: "/console/unreached", Handler: s.consoleUnreached, SignIn: true},
		{Method: "GET", Path: "/console/requests", Handler: s.consoleRequests, SignIn: true},
		{Method: "POST", Path: "/console/requests", Handler: s.consoleFileRequest, SignIn: true},
		{Method: "GET", Path: "/console/requests/{id}", Handler: s.consoleRequest, SignIn: true},
		// admin lane: users, their tokens, funds and accounts (web/console_admin.go).
		{Method: "GET", Path: "/console/users", Handler: s.consoleUsers, SignIn: true},
		{Method: "POST", Path: "/console/users", Handler: s.consoleCreateUser, SignIn: true},
		{Method: "GET", Path: "/console/users/{id}", Handler: s.consoleUser, SignIn: true},
		{Method: "POST", Path: "/console/users/{id}", Handler: s.consoleUpdateUser, SignIn: true},
		{Method: "POST", Path: "/console/users/{id}/active", Handler: s.consoleUserActive, SignIn: true},
		{Method: "POST", Path: "/console/users/{id}/password", Handler: s.consoleUserPassword, SignIn: true},
		{Method: "POST", Path: "/console/users/{id}/tokens", Handler: s.consoleIssueToken, SignIn: true},
		{Method: "POST", Path: "/console/users/{id}/tokens/{token_id}/revoke", Handler: s.consoleRevokeToken, SignIn: true},
		{Method: "GET", Path: "/console/funds", Handler: s.consoleFunds, SignIn: true},
		// fund lane: the fund officer's pages (web/console_fund*.go).
		{Method: "GET", Path: "/console/donations", Handler: s.consoleDonations, SignIn: true},
		{Method: "GET", Path: "/console/donations/new", Handler: s.consoleNewDonation, SignIn: true},
		{Method: "POST", Path: "/console/donations/new", Handler: s.consoleRecordDonation, SignIn: true},
		{Method: "GET", Path: "/console/donations/{id}", Handler: s.consoleDonation, SignIn: true},
		{Method: "POST", Path: "/console/donations/{id}/void", Handler: s.consoleVoidDonation, SignIn: true},
		{Method: "GET", Path: "/console/statements", Handler: s.consoleStatements, SignIn: true},
		{Method: "POST", Path: "/console/statements", Handler: s.consolePreviewStatement, SignIn: true},
		{Method: "POST", Path: "/console/statements/confirm", Handler: s.consoleConfirmStatement, SignIn: true},
		{Method: "GET", Path: "/console/statements/result", Handler: s.consoleStatementResult, SignIn: true},
		{Method: "GET", Path: "/console/goods", Handler: s.consoleGoods, SignIn: true},
		{Method: "POST", Path: "/console/goods/items", Handler: s.consoleAddGoods(false), SignIn: true},
		{Method: "POST", Path: "/console/goods/warehouses", Handler: s.consoleAddGoods(true), SignIn: true},
		{Method: "GET", Path: "/console/stock", Handler: s.consoleStock, SignIn: true},
		{Method: "GET", Path: "/console/stock/moves", Handler: s.consoleMoves, SignIn: true},
		{Method: "POST", Path: "/console/stock/transfers", Handler: s.consoleMove(false), SignIn: true},
		{Method: "POST", Path: "/console/stock/issues", Handler: s.consoleMove(true), SignIn: true},
		{Method: "GET", Path: "/console/plans", Handler: s.consoleFundPlans, SignIn: true},
		{Method: "GET", Path: "/console/plans/new", Handler: s.consoleFundPlanForm, SignIn: true},
		{Method: "POST", Path: "/console/plans/new", Handler: s.consoleFundCreatePlan, SignIn: true},
		{Method: "GET", Path: "/console/plans/{id}", Handler: s.consoleFundPlan, SignIn: true},
		// The regulations by date (web/console_rules.go).
		{Method: "GET", Path: "/console/rules", Handler: s.consoleRules, SignIn: true},
		// The summary report's printable page (web/console_report.go).
		{Method: "GET", Path: "/console/reports/summary", Handler: s.consoleSummary, SignIn: true},
		{Method: "GET", Path: "/console/trips", Handler: s.consoleTrips, SignIn: true},
		{Method: "POST", Path: "/console/trips", Handler: s.consoleCreateTrip, SignIn: true},
		// Closing a period from the funds page (web/console_close.go).
		{Method: "POST", Path: "/console/funds/close", Handler: s.consoleClosePeriod, SignIn: true},
	}
}
