package ledger

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
)

// FundSummary is a fund with its stored đồng balances summed by account type
// (debit-positive, as stored).
type FundSummary struct {
	Fund
	ByType map[AccountType]decimal.Decimal
	// Restricted is the đồng held in asset accounts designated by donors,
	// per designation; the rest of the assets is unrestricted.
	Restricted map[string]decimal.Decimal
}

// FundSummaries returns every fund with its balances by account type.
func (s *Service) FundSummaries(ctx context.Context) ([]FundSummary, error) {
	funds, err := s.store.Funds(ctx)
	if err != nil {
		return nil, err
	}
	accs, err := s.store.Accounts(ctx, AccountFilter{})
	if err != nil {
		return nil, err
	}
	bals, err := s.store.StoredBalances(ctx)
	if err != nil {
		return nil, err
	}
	accByID := make(map[int64]Account, len(accs))
	for _, a := range accs {
		accByID[a.ID] = a
	}
	byFund := map[int64]map[AccountType]decimal.Decimal{}
	restricted := map[int64]map[string]decimal.Decimal{}
	for _, f := range funds {
		byFund[f.ID] = map[AccountType]decimal.Decimal{Asset: {}, Liability: {}, NetAssets: {}, Revenue: {}, Expense: {}}
		restricted[f.ID] = map[string]decimal.Decimal{}
	}
	for _, b := range bals {
		a, ok := accByID[b.AccountID]
		if !ok || b.Asset != AssetVND {
			continue
		}
		m := byFund[a.FundID]
		m[a.Type] = m[a.Type].Add(b.Amount)
		if d := a.Dimensions.Designation; d != "" && a.Type == Asset {
			restricted[a.FundID][d] = restricted[a.FundID][d].Add(b.Amount)
		}
	}
	out := make([]FundSummary, len(funds))
	for i, f := range funds {
		out[i] = FundSummary{Fund: f, ByType: byFund[f.ID], Restricted: restricted[f.ID]}
	}
	return out, nil
}

// Fund returns a fund by code; NotFound if there is none.
func (s *Service) Fund(ctx context.Context, code string) (Fund, error) {
	return s.fund(ctx, strings.ToUpper(code))
}

// Accounts lists accounts; see AccountFilter.
func (s *Service) Accounts(ctx context.Context, f AccountFilter) ([]Account, error) {
	return s.store.Accounts(ctx, f)
}

// Account returns one account; NotFound if there is none.
func (s *Service) Account(ctx context.Context, id int64) (Account, error) {
	return s.accountByID(id)
}

// AccountBalances returns an account's balances (đồng first, then items):
// the stored running balances when asOf is zero, else recomputed from the
// postings of entries dated on or before asOf.
func (s *Service) AccountBalances(ctx context.Context, id int64, asOf Date) (Account, []Balance, error) {
	acc, err := s.accountByID(id)
	if err != nil {
		return Account{}, nil, err
	}
	var bals []Balance
	if asOf.IsZero() {
		bals, err = s.store.StoredBalances(ctx, id)
	} else {
		bals, err = s.store.BalancesAsOf(ctx, asOf, 0, id)
	}
	if err != nil {
		return Account{}, nil, err
	}
	hasVND := false
	for _, b := range bals {
		hasVND = hasVND || b.Asset == AssetVND
	}
	if !hasVND {
		bals = append(bals, Balance{AccountID: id, Asset: AssetVND})
	}
	sort.Slice(bals, func(i, j int) bool {
		if (bals[i].Asset == AssetVND) != (bals[j].Asset == AssetVND) {
			return bals[i].Asset == AssetVND
		}
		return bals[i].Asset < bals[j].Asset
	})
	return acc, bals, nil
}

// TrialBalanceRow is one account's đồng balance split into debit or credit.
type TrialBalanceRow struct {
	Account Account
	Debit   decimal.Decimal
	Credit  decimal.Decimal
}

// TrialBalance lists a fund's accounts with their đồng balances as of a date.
type TrialBalance struct {
	Fund        Fund
	AsOf        Date
	Rows        []TrialBalanceRow
	TotalDebit  decimal.Decimal
	TotalCredit decimal.Decimal
}

// Balanced reports whether debits equal credits.
func (t TrialBalance) Balanced() bool { return t.TotalDebit.Equal(t.TotalCredit) }

// TrialBalanceOf recomputes a fund's trial balance from postings dated on or
// before asOf (today when zero). NotFound for an unknown fund.
func (s *Service) TrialBalanceOf(ctx context.Context, fundCode string, asOf Date) (TrialBalance, error) {
	f, err := s.Fund(ctx, fundCode)
	if err != nil {
		return TrialBalance{}, err
	}
	if asOf.IsZero() {
		asOf = s.Today()
	}
	accs, err := s.store.Accounts(ctx, AccountFilter{FundID: f.ID})
	if err != nil {
		return TrialBalance{}, err
	}
	bals, err := s.store.BalancesAsOf(ctx, asOf, f.ID)
	if err != nil {
		return TrialBalance{}, err
	}
	vnd := map[int64]decimal.Decimal{}
	for _, b := range bals {
		if b.Asset == AssetVND {
			vnd[b.AccountID] = b.Amount
		}
	}
	tb := TrialBalance{Fund: f, AsOf: asOf}
	for _, a := range accs {
		row := TrialBalanceRow{Account: a}
		if v := vnd[a.ID]; v.IsPositive() {
			row.Debit = v
		} else {
			row.Credit = v.Neg()
		}
		tb.TotalDebit = tb.TotalDebit.Add(row.Debit)
		tb.TotalCredit = tb.TotalCredit.Add(row.Credit)
		tb.Rows = append(tb.Rows, row)
	}
	return tb, nil
}

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,19}$`)
var accountCodePattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$`)

// FundInput proposes a new fund.
type FundInput struct {
	Code, NameVI, NameEN string
}

// CreateFund creates a fund with the standard chart of accounts.
// Invalid for bad fields, Conflict when the code is taken.
func (s *Service) CreateFund(ctx context.Context, a Actor, in FundInput) (Fund, bool, error) {
	var fe rl.Fields
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	if !codePattern.MatchString(in.Code) {
		fe.Add("code", "must be 2–20 capital letters, digits or _ starting with a letter, e.g. YAGI2024")
	}
	if strings.TrimSpace(in.NameVI) == "" {
		fe.Add("name_vi", "is required")
	}
	if strings.TrimSpace(in.NameEN) == "" {
		in.NameEN = in.NameVI
	}
	if err := fe.Err(); err != nil {
		return Fund{}, false, err
	}
	f := Fund{Code: in.Code, NameVI: strings.TrimSpace(in.NameVI), NameEN: strings.TrimSpace(in.NameEN), CreatedAt: rl.Stamp(s.now())}
	return s.store.CreateFund(ctx, f, StandardAccounts(), a.Idem)
}

// AccountInput proposes a new account in a fund.
type AccountInput struct {
	Fund        string
	Code        string
	Name        string
	Type        AccountType
	NonNegative *bool // default: true for assets, false otherwise
	Dimensions  Dimensions
}

// CreateAccount adds an account to a fund. Invalid for bad fields, NotFound
// for an unknown fund, Conflict when the code is taken in the fund.
func (s *Service) CreateAccount(ctx context.Context, a Actor, in AccountInput) (Account, bool, error) {
	var fe rl.Fields
	f, err := s.Fund(ctx, in.Fund)
	if err != nil {
		if rl.ErrorKind(err) != rl.NotFound {
			return Account{}, false, err
		}
		fe.Add("fund", "no such fund %q", in.Fund)
	}
	if !accountCodePattern.MatchString(in.Code) {
		fe.Add("code", "must be 1–64 letters, digits, '.', '_' or '-', e.g. 1310.KS")
	}
	if strings.TrimSpace(in.Name) == "" {
		fe.Add("name", "is required")
	}
	if !in.Type.Valid() {
		fe.Add("type", "must be one of asset, liability, net_assets, revenue, expense")
	}
	if in.Dimensions.Item != "" {
		if _, err := s.item(in.Dimensions.Item); err != nil {
			fe.Add("dimensions.item", "no such item %q", in.Dimensions.Item)
		}
	}
	if err := fe.Err(); err != nil {
		return Account{}, false, err
	}
	nonNeg := in.Type == Asset
	if in.NonNegative != nil {
		nonNeg = *in.NonNegative
	}
	acc := Account{FundID: f.ID, FundCode: f.Code, Code: in.Code, Name: strings.TrimSpace(in.Name), Type: in.Type,
		NonNegative: nonNeg, Dimensions: in.Dimensions, CreatedAt: rl.Stamp(s.now())}
	acc, replayed, err := s.store.CreateAccount(ctx, acc, a.Idem)
	if err == nil {
		s.cacheAccount(acc)
	}
	return acc, replayed, err
}

// StandardAccounts is the chart every fund starts with.
func StandardAccounts() []Account {
	return []Account{
		{Code: "1110", Name: "Tiền mặt (cash on hand)", Type: Asset, NonNegative: true},
		{Code: "1120", Name: "Tiền gửi ngân hàng (bank)", Type: Asset, NonNegative: true},
		{Code: "1150", Name: "Hàng hóa, hiện vật (goods in kind)", Type: Asset, NonNegative: true},
		{Code: "1310", Name: "Phân bổ cho huyện chưa cấp phát (allocated to districts, not yet delivered)", Type: Asset, NonNegative: true},
		{Code: "2100", Name: "Phải trả (payables)", Type: Liability},
		{Code: "3100", Name: "Nguồn quỹ không hạn chế (unrestricted net assets)", Type: NetAssets},
		{Code: "3200", Name: "Nguồn quỹ theo chỉ định (restricted net assets)", Type: NetAssets},
		{Code: "4100", Name: "Tiếp nhận ủng hộ bằng tiền (donations in money)", Type: Revenue},
		{Code: "4200", Name: "Tiếp nhận ủng hộ hiện vật (donations in kind)", Type: Revenue},
		{Code: "5100", Name: "Hỗ trợ hộ gia đình (aid to households)", Type: Expense},
		{Code: "5200", Name: "Hỗ trợ tổ chức, chốt, khu cách ly (aid to organisations)", Type: Expense},
	}
}

// SeedFunds creates the product's funds, POOR and COVID, with the standard
// chart of accounts, when they do not exist yet.
func (s *Service) SeedFunds(ctx context.Context) error {
	for _, f := range []FundInput{
		{Code: "POOR", NameVI: "Quỹ Vì người nghèo", NameEN: "Poor Fund"},
		{Code: "COVID", NameVI: "Quỹ phòng, chống Covid-19", NameEN: "Covid-19 fund"},
	} {
		if _, err := s.Fund(ctx, f.Code); err == nil {
			continue
		} else if rl.ErrorKind(err) != rl.NotFound {
			return err
		}
		if _, _, err := s.CreateFund(ctx, Actor{}, f); err != nil && rl.ErrorKind(err) != rl.Conflict {
			return fmt.Errorf("seed fund %s: %w", f.Code, err)
		}
	}
	return nil
}

// Items lists the kinds of goods.
func (s *Service) Items(ctx context.Context) ([]Item, error) { return s.store.Items(ctx) }

// Item returns a kind of goods; NotFound if there is none.
func (s *Service) Item(_ context.Context, code string) (Item, error) { return s.item(code) }

// Replayed looks up an idempotency key: the entry its first request made
// (ok=true), or Conflict when the key was used for another request.
func (s *Service) Replayed(ctx context.Context, idem *IdemRecord) (int64, bool, error) {
	if idem == nil {
		return 0, false, nil
	}
	e, ok, err := s.replay(ctx, Actor{Idem: idem})
	return e.ID, ok, err
}

// AccountByCode returns a fund's account by code; NotFound if there is
// none.
func (s *Service) AccountByCode(fund, code string) (Account, error) {
	return s.accountByCode(strings.ToUpper(fund), code)
}

// EachEntry streams the entries matching f with their postings, in ID
// order; see Store.EachEntry.
func (s *Service) EachEntry(ctx context.Context, f EntryFilter, each func(Entry) error) error {
	return s.store.EachEntry(ctx, f, each)
}

// AccountsByID returns every account (all funds), by ID, for reports that
// name the accounts of many postings.
func (s *Service) AccountsByID(ctx context.Context) (map[int64]Account, error) {
	accs, err := s.store.Accounts(ctx, AccountFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Account, len(accs))
	for _, a := range accs {
		out[a.ID] = a
	}
	return out, nil
}

// LookupIdem returns the stored record of an idempotency key (ok=false when
// the key is new or idem is nil), for features whose results are not
// journal entries.
func (s *Service) LookupIdem(ctx context.Context, idem *IdemRecord) (IdemRecord, bool, error) {
	if idem == nil {
		return IdemRecord{}, false, nil
	}
	return s.store.LookupIdem(ctx, idem.IdemKey)
}
