package exports

import (
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// TestEveryValueTranslated: every value the domain stores and a workbook
// shows has its text in the table, so a Vietnamese workbook never falls
// back to the stored English.
func TestEveryValueTranslated(t *testing.T) {
	groups := map[string][]string{
		"account_type":    {string(ledger.Asset), string(ledger.Liability), string(ledger.NetAssets), string(ledger.Revenue), string(ledger.Expense)},
		"entry_kind":      {},
		"channel":         {string(donations.Cash), string(donations.Bank), string(donations.InKind)},
		"donation_status": {donations.Recorded, donations.Voided},
		"category":        {string(households.Poor), string(households.NearPoor)},
		"role":            {},
		"region_kind":     {"tinh", "thanh_pho", "thi_xa", "huyen", "xa", "phuong", "thi_tran"},
		// the journal's source documents, as the domain writes them
		"source": {"donation", "allocation-plan", "allocation-request", "deliveries", "entry", "stock-transfer", "stock-issue"},
	}
	for _, k := range []ledger.EntryKind{ledger.KindOpening, ledger.KindAdjustment, ledger.KindTransfer, ledger.KindDonation, ledger.KindAllocation,
		ledger.KindDelivery, ledger.KindStock, ledger.KindReversal} {
		groups["entry_kind"] = append(groups["entry_kind"], string(k))
	}
	for _, r := range access.Roles {
		groups["role"] = append(groups["role"], string(r))
	}
	for _, a := range ledger.StandardAccounts() {
		groups["account"] = append(groups["account"], a.Code)
	}
	for group, values := range groups {
		for _, v := range values {
			if !i18n.Has(i18n.Enum(group, v)) {
				t.Errorf("no text for %s %q", group, v)
			}
		}
	}
}

// TestFairnessDefinitionsCurrent: every figure the fairness report defines
// has a name and a definition in the table, and the table's English is the
// domain's sentence with the report's weights, tolerance and deadline, so
// the Vietnamese says what the figure means now. When the domain rewrites
// a definition this fails until the table follows.
func TestFairnessDefinitionsCurrent(t *testing.T) {
	one, half := decimal.NewFromInt(1), decimal.New(5, -1)
	for _, in := range []distribution.FairnessInput{
		{DeadlineDays: 20},
		{DeadlineDays: 0, PerMember: true, Weights: map[households.Category]decimal.Decimal{households.Poor: one, households.NearPoor: half}},
		{DeadlineDays: 30, Tolerance: decimal.New(25, -2), Weights: map[households.Category]decimal.Decimal{households.Poor: decimal.NewFromInt(2), households.NearPoor: one}},
	} {
		r, err := distribution.Fairness(in)
		if err != nil {
			t.Fatal(err)
		}
		for key, domain := range r.Definitions {
			if !i18n.Has(i18n.Enum("fairness_figure", key)) {
				t.Errorf("no name for the figure %q", key)
			}
			vi := fairnessDefinition(i18n.VI, key, r.Basis, domain)
			if vi == domain {
				t.Errorf("%s: no current translation of %q", key, domain)
			}
			if i18n.Has(i18n.Enum("fairness_sheet_def", key)) {
				continue
			}
			if en := fairnessDefinition(i18n.EN, key, r.Basis, domain); en != domain {
				t.Errorf("%s: the English workbook says %q, the domain %q", key, en, domain)
			}
		}
	}
	if got := fairnessDefinition(i18n.VI, "gini", distribution.FairnessBasis{}, "A new meaning."); got != "A new meaning." {
		t.Errorf("a rewritten definition reads %q: a stale translation must not stand in for it", got)
	}
}
