package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	rl "reliefledger"
	"reliefledger/ledger"
)

// Ledger implements ledger.Store.
type Ledger struct{ db *DB }

var _ ledger.Store = (*Ledger)(nil)

// Ledger returns the ledger store of db.
func (db *DB) Ledger() *Ledger { return &Ledger{db: db} }

type fundRow struct {
	ID        int64 `gorm:"primaryKey"`
	Code      string
	NameVI    string `gorm:"column:name_vi"`
	NameEN    string `gorm:"column:name_en"`
	CreatedAt time.Time
}

func (fundRow) TableName() string { return "funds" }

func (r fundRow) domain() ledger.Fund {
	return ledger.Fund{ID: r.ID, Code: r.Code, NameVI: r.NameVI, NameEN: r.NameEN, CreatedAt: r.CreatedAt}
}

type accountRow struct {
	ID            int64 `gorm:"primaryKey"`
	FundID        int64
	FundCode      string `gorm:"->;-:migration"` // read through a join
	Code          string
	Name          string
	Type          string
	NonNegative   bool
	DistrictCode  string
	WarehouseCode string
	ItemCode      string
	Designation   string
	CreatedAt     time.Time
}

func (accountRow) TableName() string { return "accounts" }

func (r accountRow) domain() ledger.Account {
	return ledger.Account{
		ID: r.ID, FundID: r.FundID, FundCode: r.FundCode, Code: r.Code, Name: r.Name,
		Type: ledger.AccountType(r.Type), NonNegative: r.NonNegative, CreatedAt: r.CreatedAt,
		Dimensions: ledger.Dimensions{District: r.DistrictCode, Warehouse: r.WarehouseCode, Item: r.ItemCode, Designation: r.Designation},
	}
}

func toAccountRow(a ledger.Account) accountRow {
	return accountRow{
		ID: a.ID, FundID: a.FundID, Code: a.Code, Name: a.Name, Type: string(a.Type), NonNegative: a.NonNegative,
		DistrictCode: a.Dimensions.District, WarehouseCode: a.Dimensions.Warehouse, ItemCode: a.Dimensions.Item,
		Designation: a.Dimensions.Designation, CreatedAt: a.CreatedAt,
	}
}

type itemRow struct {
	Code   string `gorm:"primaryKey"`
	NameVI string `gorm:"column:name_vi"`
	NameEN string `gorm:"column:name_en"`
	Unit   string
	Scale  int32
}

func (itemRow) TableName() string { return "items" }

func (r itemRow) domain() ledger.Item {
	return ledger.Item{Code: r.Code, NameVI: r.NameVI, NameEN: r.NameEN, Unit: r.Unit, Scale: r.Scale}
}

// Funds returns every fund by code.
func (l *Ledger) Funds(ctx context.Context) ([]ledger.Fund, error) {
	var rows []fundRow
	if err := l.db.r.WithContext(ctx).Order("code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list funds: %w", err)
	}
	out := make([]ledger.Fund, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// FundByCode implements ledger.Store.
func (l *Ledger) FundByCode(ctx context.Context, code string) (ledger.Fund, error) {
	var r fundRow
	err := l.db.r.WithContext(ctx).Where("code = ?", code).Take(&r).Error
	if err != nil {
		return ledger.Fund{}, notFound(err, "no fund with code %q", code)
	}
	return r.domain(), nil
}

// CreateFund implements ledger.Store.
func (l *Ledger) CreateFund(ctx context.Context, f ledger.Fund, accounts []ledger.Account, idem *ledger.IdemRecord) (ledger.Fund, bool, error) {
	var out ledger.Fund
	replayed, err := l.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		var id int64
		if _, err := tx.one(`INSERT INTO funds (code, name_vi, name_en, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			[]any{f.Code, f.NameVI, f.NameEN, f.CreatedAt}, &id); err != nil {
			if isUnique(err) {
				return "", rl.CodedErrorf(rl.Conflict, "duplicate", "a fund with code %s exists already", f.Code)
			}
			return "", fmt.Errorf("insert fund %s: %w", f.Code, err)
		}
		for _, a := range accounts {
			a.FundID, a.CreatedAt = id, f.CreatedAt
			if _, err := createAccount(tx, a); err != nil {
				return "", err
			}
		}
		out = f
		out.ID = id
		return "fund:" + f.Code, nil
	}, func(ref string) error {
		var err error
		out, err = l.FundByCode(ctx, strings.TrimPrefix(ref, "fund:"))
		return err
	})
	return out, replayed, err
}

func createAccount(tx *Tx, a ledger.Account) (int64, error) {
	r := toAccountRow(a)
	var id int64
	_, err := tx.one(`INSERT INTO accounts (fund_id, code, name, type, non_negative, district_code, warehouse_code, item_code, designation, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{r.FundID, r.Code, r.Name, r.Type, r.NonNegative, r.DistrictCode, r.WarehouseCode, r.ItemCode, r.Designation, r.CreatedAt}, &id)
	if err != nil {
		if isUnique(err) {
			return 0, rl.CodedErrorf(rl.Conflict, "duplicate", "the fund already has an account with code %s", a.Code)
		}
		return 0, fmt.Errorf("insert account %s: %w", a.Code, err)
	}
	if _, err := tx.exec(`INSERT INTO balances (account_id, asset, amount) VALUES (?, ?, ?)`, id, ledger.AssetVND, "0"); err != nil {
		return 0, fmt.Errorf("insert balance of account %s: %w", a.Code, err)
	}
	return id, nil
}

// accountColumns are read by scanAccount, from accounts a joined to funds f.
const accountColumns = `a.id, a.fund_id, f.code, a.code, a.name, a.type, a.non_negative, a.district_code, a.warehouse_code, a.item_code, a.designation, a.created_at`

func scanAccount(scan func(...any) error) (ledger.Account, error) {
	var r accountRow
	err := scan(&r.ID, &r.FundID, &r.FundCode, &r.Code, &r.Name, &r.Type, &r.NonNegative, &r.DistrictCode, &r.WarehouseCode, &r.ItemCode,
		&r.Designation, &r.CreatedAt)
	return r.domain(), err
}

const accountSelect = "accounts.*, funds.code AS fund_code"

func (l *Ledger) accounts() *gorm.DB {
	return l.db.r.Table("accounts").Select(accountSelect).Joins("JOIN funds ON funds.id = accounts.fund_id")
}

// Accounts implements ledger.Store.
func (l *Ledger) Accounts(ctx context.Context, f ledger.AccountFilter) ([]ledger.Account, error) {
	q := l.accounts().WithContext(ctx).Order("accounts.id")
	if f.FundID != 0 {
		q = q.Where("accounts.fund_id = ?", f.FundID)
	}
	if f.Type != "" {
		q = q.Where("accounts.type = ?", string(f.Type))
	}
	if f.District != "" {
		q = q.Where("accounts.district_code IN ('', ?)", f.District)
	}
	if f.Warehouse != "" {
		q = q.Where("accounts.warehouse_code = ?", f.Warehouse)
	}
	if f.Item != "" {
		q = q.Where("accounts.item_code = ?", f.Item)
	}
	if f.AfterID != 0 {
		q = q.Where("accounts.id > ?", f.AfterID)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []accountRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	out := make([]ledger.Account, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// AccountByID implements ledger.Store.
func (l *Ledger) AccountByID(ctx context.Context, id int64) (ledger.Account, error) {
	var r accountRow
	if err := l.accounts().WithContext(ctx).Where("accounts.id = ?", id).Take(&r).Error; err != nil {
		return ledger.Account{}, notFound(err, "no account with id %d", id)
	}
	return r.domain(), nil
}

// AccountByCode implements ledger.Store.
func (l *Ledger) AccountByCode(ctx context.Context, fundCode, code string) (ledger.Account, error) {
	var r accountRow
	err := l.accounts().WithContext(ctx).Where("funds.code = ? AND accounts.code = ?", fundCode, code).Take(&r).Error
	if err != nil {
		return ledger.Account{}, notFound(err, "no account %s:%s", fundCode, code)
	}
	return r.domain(), nil
}

// CreateAccount implements ledger.Store.
func (l *Ledger) CreateAccount(ctx context.Context, a ledger.Account, idem *ledger.IdemRecord) (ledger.Account, bool, error) {
	var out ledger.Account
	replayed, err := l.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		id, err := createAccount(tx, a)
		if err != nil {
			return "", err
		}
		out = a
		out.ID = id
		return "account:" + strconv.FormatInt(id, 10), nil
	}, func(ref string) error {
		id, err := strconv.ParseInt(strings.TrimPrefix(ref, "account:"), 10, 64)
		if err != nil {
			return fmt.Errorf("bad result ref %q", ref)
		}
		out, err = l.AccountByID(ctx, id)
		return err
	})
	return out, replayed, err
}

// Item implements ledger.Store.
func (l *Ledger) Item(ctx context.Context, code string) (ledger.Item, error) {
	var r itemRow
	if err := l.db.r.WithContext(ctx).Where("code = ?", code).Take(&r).Error; err != nil {
		return ledger.Item{}, notFound(err, "no item with code %q", code)
	}
	return r.domain(), nil
}

// Items implements ledger.Store.
func (l *Ledger) Items(ctx context.Context) ([]ledger.Item, error) {
	var rows []itemRow
	if err := l.db.r.WithContext(ctx).Order("code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	out := make([]ledger.Item, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// LookupIdem implements ledger.Store.
func (l *Ledger) LookupIdem(ctx context.Context, k ledger.IdemKey) (ledger.IdemRecord, bool, error) {
	rec := ledger.IdemRecord{IdemKey: k}
	found, err := l.db.read.one(ctx, `SELECT request_hash, result_ref FROM idempotency_keys WHERE scope = ? AND key = ?`,
		[]any{k.Scope, k.Key}, &rec.RequestHash, &rec.ResultRef)
	if err != nil {
		return rec, false, fmt.Errorf("lookup idempotency key: %w", err)
	}
	return rec, found, nil
}

// idempotent runs create in a write transaction together with the
// idempotency record of its result. When the key is stored already, load
// answers with the first result (same request hash) or the call fails with
// Conflict (another hash). A concurrent first use of the same key loses on
// the primary key, rolls back and is answered as a replay.
func (db *DB) idempotent(ctx context.Context, idem *rl.IdemRecord, create func(tx *Tx) (string, error), load func(ref string) error) (bool, error) {
	for attempt := 0; ; attempt++ {
		var ref string
		replay := false
		err := db.inTx(ctx, func(tx *Tx) error {
			ref, replay = "", false
			if idem != nil {
				var hash string
				found, err := tx.one(`SELECT request_hash, result_ref FROM idempotency_keys WHERE scope = ? AND key = ?`,
					[]any{idem.Scope, idem.Key}, &hash, &ref)
				if err != nil {
					return err
				}
				if found {
					if hash != idem.RequestHash {
						return ledger.IdemMismatch(idem.Key)
					}
					replay, tx.replayed = true, true
					return nil
				}
			}
			var err error
			if ref, err = create(tx); err != nil {
				return err
			}
			tx.note(ref)
			if idem != nil {
				_, err = tx.exec(`INSERT INTO idempotency_keys (scope, key, request_hash, result_ref, created_at) VALUES (?, ?, ?, ?, ?)`,
					idem.Scope, idem.Key, idem.RequestHash, ref, time.Now().UTC())
			}
			return err
		})
		if err != nil && attempt < 5 && idem != nil && isUnique(err) && strings.Contains(uniqueConstraint(err), "idempotency") {
			continue
		}
		if err != nil {
			return false, err
		}
		if replay {
			return true, load(ref)
		}
		return false, nil
	}
}

// CreateItem implements ledger.Store.
func (l *Ledger) CreateItem(ctx context.Context, it ledger.Item, idem *ledger.IdemRecord) (ledger.Item, bool, error) {
	out := it
	replayed, err := l.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		if _, err := tx.exec(`INSERT INTO items (code, name_vi, name_en, unit, scale) VALUES (?, ?, ?, ?, ?)`,
			it.Code, it.NameVI, it.NameEN, it.Unit, it.Scale); err != nil {
			if isUnique(err) {
				return "", rl.CodedErrorf(rl.Conflict, "duplicate", "an item with code %s exists already", it.Code)
			}
			return "", fmt.Errorf("insert item %s: %w", it.Code, err)
		}
		return "item:" + it.Code, nil
	}, func(ref string) error {
		var err error
		out, err = l.Item(ctx, strings.TrimPrefix(ref, "item:"))
		return err
	})
	return out, replayed, err
}
