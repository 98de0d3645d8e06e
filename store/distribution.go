package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/ledger"
)

// Distribution implements distribution.Store.
type Distribution struct{ db *DB }

var _ distribution.Store = (*Distribution)(nil)

// Distribution returns the distribution store of db.
func (db *DB) Distribution() *Distribution { return &Distribution{db: db} }

// distributionTx is a journal transaction with the distribution tables.
type distributionTx struct{ *Tx }

var _ distribution.Tx = distributionTx{}

// InJournal implements distribution.Store.
func (s *Distribution) InJournal(ctx context.Context, fn func(distribution.Tx) error) error {
	return s.db.inJournal(ctx, func(tx *Tx) error { return fn(distributionTx{tx}) })
}

// CreatePlan implements distribution.Store.
func (s *Distribution) CreatePlan(ctx context.Context, p distribution.Plan, hs []distribution.PlanHousehold, idem *rl.IdemRecord) (distribution.Plan, bool, error) {
	params, err := json.Marshal(p.Params)
	if err != nil {
		return p, false, err
	}
	result, err := json.Marshal(p.Result)
	if err != nil {
		return p, false, err
	}
	out := p
	replayed, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		var id int64
		_, err := tx.one(`INSERT INTO allocation_plans (fund_id, title, kind, item_code, source, designation, method, method_version, params, result,
			total, households, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{p.FundID, p.Title, string(p.Kind), p.Item, p.Source, p.Designation, string(p.Params.Method), p.MethodVersion, string(params), string(result),
				p.Total.String(), p.Households, p.Status, p.CreatedBy, p.CreatedAt}, &id)
		if err != nil {
			return "", fmt.Errorf("insert plan: %w", err)
		}
		rows := make([][]any, len(hs))
		for i, h := range hs {
			rows[i] = []any{id, h.HouseholdID, h.Code, h.District, h.Commune, string(h.Category), h.Members, h.Amount.String()}
		}
		err = tx.insertRows("plan_households",
			[]string{"plan_id", "household_id", "household_code", "district_code", "commune_code", "category", "members", "amount"},
			[]string{"bigint", "bigint", "text", "text", "text", "text", "int", "numeric"}, rows)
		if err != nil {
			return "", fmt.Errorf("insert plan households: %w", err)
		}
		out.ID = id
		return "plan:" + strconv.FormatInt(id, 10), nil
	}, func(ref string) error {
		id, err := strconv.ParseInt(strings.TrimPrefix(ref, "plan:"), 10, 64)
		if err != nil {
			return fmt.Errorf("bad result ref %q", ref)
		}
		out, err = s.Plan(ctx, id)
		return err
	})
	return out, replayed, err
}

const planSelect = `SELECT p.id, p.fund_id, f.code, p.title, p.kind, p.item_code, p.source, p.designation, p.method_version, p.params, p.result,
	p.total, p.households, p.status, p.created_by, p.created_at, COALESCE(p.approved_by, 0), p.approved_at, p.approved_on, COALESCE(p.entry_id, 0)
	FROM allocation_plans p JOIN funds f ON f.id = p.fund_id`

func (s *Distribution) readPlans(ctx context.Context, where string, args []any, tail string) ([]distribution.Plan, error) {
	var out []distribution.Plan
	err := s.db.read.each(ctx, planSelect+" WHERE "+where+" "+tail, args, func(scan func(...any) error) error {
		var p distribution.Plan
		var kind, params, result string
		var approvedAt sql.NullTime
		var approvedOn sql.Null[ledger.Date]
		if err := scan(&p.ID, &p.FundID, &p.Fund, &p.Title, &kind, &p.Item, &p.Source, &p.Designation, &p.MethodVersion, &params, &result,
			&p.Total, &p.Households, &p.Status, &p.CreatedBy, &p.CreatedAt, &p.ApprovedBy, &approvedAt, &approvedOn, &p.EntryID); err != nil {
			return err
		}
		p.Kind, p.CreatedAt = distribution.Kind(kind), p.CreatedAt.UTC()
		if approvedAt.Valid {
			p.ApprovedAt = approvedAt.Time.UTC()
		}
		p.ApprovedOn = approvedOn.V
		if err := json.Unmarshal([]byte(params), &p.Params); err != nil {
			return fmt.Errorf("plan %d params: %w", p.ID, err)
		}
		if err := json.Unmarshal([]byte(result), &p.Result); err != nil {
			return fmt.Errorf("plan %d result: %w", p.ID, err)
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read plans: %w", err)
	}
	return out, nil
}

// Plan implements distribution.Store.
func (s *Distribution) Plan(ctx context.Context, id int64) (distribution.Plan, error) {
	ps, err := s.readPlans(ctx, "p.id = ?", []any{id}, "")
	if err != nil {
		return distribution.Plan{}, err
	}
	if len(ps) == 0 {
		return distribution.Plan{}, rl.Errorf(rl.NotFound, "no allocation plan %d", id)
	}
	return ps[0], nil
}

// Plans implements distribution.Store.
func (s *Distribution) Plans(ctx context.Context, f distribution.PlanFilter) ([]distribution.Plan, error) {
	where, args := []string{"p.id > ?"}, []any{f.AfterID}
	if f.FundID != 0 {
		where, args = append(where, "p.fund_id = ?"), append(args, f.FundID)
	}
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, f.Status)
	}
	return s.readPlans(ctx, strings.Join(where, " AND "), args, "ORDER BY p.id"+limitClause(f.Limit))
}

func limitClause(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}

const planHouseholdSelect = `SELECT plan_id, household_id, household_code, district_code, commune_code, category, members, amount FROM plan_households`

func (s *Distribution) readPlanHouseholds(ctx context.Context, query string, args []any, each func(distribution.PlanHousehold)) error {
	err := s.db.read.each(ctx, query, args, func(scan func(...any) error) error {
		var h distribution.PlanHousehold
		var cat string
		if err := scan(&h.PlanID, &h.HouseholdID, &h.Code, &h.District, &h.Commune, &cat, &h.Members, &h.Amount); err != nil {
			return err
		}
		h.Category = households.Category(cat)
		each(h)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read plan households: %w", err)
	}
	return nil
}

// PlanHouseholds implements distribution.Store.
func (s *Distribution) PlanHouseholds(ctx context.Context, planID int64, district string, afterID int64, limit int) ([]distribution.PlanHousehold, error) {
	q, args := planHouseholdSelect+` WHERE plan_id = ?`, []any{planID}
	if district != "" {
		q, args = q+` AND district_code = ?`, append(args, district)
	}
	order := ` ORDER BY district_code, commune_code, household_code`
	if limit > 0 {
		q, args, order = q+` AND household_id > ?`, append(args, afterID), ` ORDER BY household_id`
	}
	var out []distribution.PlanHousehold
	err := s.readPlanHouseholds(ctx, q+order+limitClause(limit), args, func(h distribution.PlanHousehold) { out = append(out, h) })
	return out, err
}

// PlanHouseholdsByCode implements distribution.Store.
func (s *Distribution) PlanHouseholdsByCode(ctx context.Context, planID int64, codes []string) (map[string]distribution.PlanHousehold, error) {
	out := make(map[string]distribution.PlanHousehold, len(codes))
	add := func(h distribution.PlanHousehold) { out[h.Code] = h }
	if len(codes) > 500 { // a bulk upload: read the whole plan once
		want := make(map[string]bool, len(codes))
		for _, c := range codes {
			want[c] = true
		}
		err := s.readPlanHouseholds(ctx, planHouseholdSelect+` WHERE plan_id = ?`, []any{planID}, func(h distribution.PlanHousehold) {
			if want[h.Code] {
				add(h)
			}
		})
		return out, err
	}
	if len(codes) == 0 {
		return out, nil
	}
	err := s.readPlanHouseholds(ctx, planHouseholdSelect+` WHERE plan_id = ? AND household_code IN (?)`, []any{planID, listOf(codes)}, add)
	return out, err
}

// ApprovePlan implements distribution.Tx.
func (tx distributionTx) ApprovePlan(p distribution.Plan) error {
	result, err := json.Marshal(p.Result)
	if err != nil {
		return err
	}
	n, err := tx.exec(`UPDATE allocation_plans SET status = 'approved', approved_by = ?, approved_at = ?, approved_on = ?, entry_id = ?,
		result = ?, total = ?, households = ? WHERE id = ? AND status = 'draft'`,
		p.ApprovedBy, p.ApprovedAt, p.ApprovedOn.String(), p.EntryID, string(result), p.Total.String(), p.Households, p.ID)
	if err != nil {
		return fmt.Errorf("approve plan %d: %w", p.ID, err)
	}
	if n == 0 {
		return rl.CodedErrorf(rl.Conflict, "already-approved", "plan %d was approved meanwhile", p.ID)
	}
	// The excluded districts' households leave the plan (it was a draft
	// until this transaction commits).
	for _, x := range p.Result.Excluded {
		if _, err := tx.exec(`DELETE FROM plan_households WHERE plan_id = ? AND district_code = ?`, p.ID, x.District); err != nil {
			return fmt.Errorf("exclude district %s from plan %d: %w", x.District, p.ID, err)
		}
	}
	tx.note("allocation-plan:" + strconv.FormatInt(p.ID, 10))
	return nil
}

// CreateRequest implements distribution.Store.
func (s *Distribution) CreateRequest(ctx context.Context, r distribution.Request, idem *rl.IdemRecord) (distribution.Request, bool, error) {
	out := r
	replayed, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		var id int64
		_, err := tx.one(`INSERT INTO allocation_requests (fund_id, district_code, kind, item_code, amount, households, reason, status, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, []any{r.FundID, r.District, string(r.Kind), r.Item, r.Amount.String(), r.Households,
			r.Reason, r.Status, r.CreatedBy, r.CreatedAt}, &id)
		if err != nil {
			return "", fmt.Errorf("insert request: %w", err)
		}
		out.ID = id
		return "request:" + strconv.FormatInt(id, 10), nil
	}, func(ref string) error {
		id, err := strconv.ParseInt(strings.TrimPrefix(ref, "request:"), 10, 64)
		if err != nil {
			return fmt.Errorf("bad result ref %q", ref)
		}
		out, err = s.Request(ctx, id)
		return err
	})
	return out, replayed, err
}

const requestSelect = `SELECT r.id, r.fund_id, f.code, r.district_code, r.kind, r.item_code, r.source, r.amount, r.households, r.reason, r.status,
	r.approved_amount, r.decision_reason, r.created_by, r.created_at, COALESCE(r.decided_by, 0), r.decided_at, COALESCE(r.entry_id, 0)
	FROM allocation_requests r JOIN funds f ON f.id = r.fund_id`

func (s *Distribution) readRequests(ctx context.Context, where string, args []any, tail string) ([]distribution.Request, error) {
	var out []distribution.Request
	err := s.db.read.each(ctx, requestSelect+" WHERE "+where+" "+tail, args, func(scan func(...any) error) error {
		var r distribution.Request
		var kind string
		var decidedAt sql.NullTime
		if err := scan(&r.ID, &r.FundID, &r.Fund, &r.District, &kind, &r.Item, &r.Source, &r.Amount, &r.Households, &r.Reason, &r.Status,
			&r.ApprovedAmount, &r.DecisionReason, &r.CreatedBy, &r.CreatedAt, &r.DecidedBy, &decidedAt, &r.EntryID); err != nil {
			return err
		}
		r.Kind, r.CreatedAt = distribution.Kind(kind), r.CreatedAt.UTC()
		if decidedAt.Valid {
			r.DecidedAt = decidedAt.Time.UTC()
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// Request implements distribution.Store.
func (s *Distribution) Request(ctx context.Context, id int64) (distribution.Request, error) {
	rs, err := s.readRequests(ctx, "r.id = ?", []any{id}, "")
	if err != nil {
		return distribution.Request{}, err
	}
	if len(rs) == 0 {
		return distribution.Request{}, rl.Errorf(rl.NotFound, "no allocation request %d", id)
	}
	return rs[0], nil
}

// Requests implements distribution.Store.
func (s *Distribution) Requests(ctx context.Context, f distribution.RequestFilter) ([]distribution.Request, error) {
	where, args := []string{"r.id > ?"}, []any{f.AfterID}
	if f.FundID != 0 {
		where, args = append(where, "r.fund_id = ?"), append(args, f.FundID)
	}
	if f.District != "" {
		where, args = append(where, "r.district_code = ?"), append(args, f.District)
	}
	if f.Status != "" {
		where, args = append(where, "r.status = ?"), append(args, f.Status)
	}
	return s.readRequests(ctx, strings.Join(where, " AND "), args, "ORDER BY r.id"+limitClause(f.Limit))
}

const sqlDecideRequest = `UPDATE allocation_requests SET status = ?, source = ?, approved_amount = ?, decision_reason = ?, decided_by = ?, decided_at = ?, entry_id = ?
	WHERE id = ? AND status = 'pending'`

func decideRequest(tx *Tx, r distribution.Request) error {
	n, err := tx.exec(sqlDecideRequest, r.Status, r.Source, nullDec(r.ApprovedAmount), r.DecisionReason, r.DecidedBy, r.DecidedAt, nullID(r.EntryID), r.ID)
	if err != nil {
		return fmt.Errorf("decide request %d: %w", r.ID, err)
	}
	if n == 0 {
		return rl.CodedErrorf(rl.Conflict, "already-decided", "request %d was decided meanwhile", r.ID)
	}
	tx.note("allocation-request:" + strconv.FormatInt(r.ID, 10))
	return nil
}

// DecideRequest implements distribution.Tx.
func (tx distributionTx) DecideRequest(r distribution.Request) error { return decideRequest(tx.Tx, r) }

// RejectRequest implements distribution.Store.
func (s *Distribution) RejectRequest(ctx context.Context, r distribution.Request, idem *rl.IdemRecord) error {
	_, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		return "request:" + strconv.FormatInt(r.ID, 10), decideRequest(tx, r)
	}, func(string) error { return nil })
	return err
}

// RequestDelivered implements distribution.Tx. Amounts are summed here:
// SQLite keeps them as text.
func (tx distributionTx) RequestDelivered(requestID int64) (decimal.Decimal, error) {
	total := decimal.Zero
	err := tx.each(`SELECT amount FROM deliveries WHERE request_id = ?`, []any{requestID}, func(scan func(...any) error) error {
		var a decimal.Decimal
		if err := scan(&a); err != nil {
			return err
		}
		total = total.Add(a)
		return nil
	})
	return total, err
}

// InsertDeliveries implements distribution.Tx.
func (tx distributionTx) InsertDeliveries(ds []distribution.Delivery) error {
	rows := make([][]any, len(ds))
	for i, d := range ds {
		rows[i] = []any{d.FundID, nullID(d.PlanID), nullID(d.RequestID), nullID(d.HouseholdID), d.Organisation, d.District, string(d.Kind), d.Item,
			d.Amount.String(), d.Date.String(), d.HandedOverBy, d.Proof, d.EntryID, d.CreatedBy, d.CreatedAt}
	}
	err := tx.insertRows("deliveries",
		[]string{"fund_id", "plan_id", "request_id", "household_id", "organisation", "district_code", "kind", "item_code", "amount",
			"delivered_on", "handed_over_by", "proof", "entry_id", "created_by", "created_at"},
		[]string{"bigint", "bigint", "bigint", "bigint", "text", "text", "text", "text", "numeric", "date", "text", "text", "bigint", "bigint", "timestamptz"}, rows)
	if err != nil {
		if isUnique(err) {
			return rl.CodedErrorf(rl.Conflict, "already-delivered", "a household in this list received its package of the plan meanwhile; nothing was recorded")
		}
		return fmt.Errorf("insert deliveries: %w", err)
	}
	return nil
}

// Delivered implements distribution.Store.
func (s *Distribution) Delivered(ctx context.Context, planID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	got, err := s.db.read.ids(ctx, `SELECT household_id FROM deliveries WHERE plan_id = ?`, planID)
	if err != nil {
		return nil, fmt.Errorf("read delivered households: %w", err)
	}
	for _, id := range got {
		if want[id] {
			out[id] = true
		}
	}
	return out, nil
}

const deliverySelect = `SELECT d.id, d.fund_id, COALESCE(d.plan_id, 0), COALESCE(d.request_id, 0), COALESCE(d.household_id, 0), COALESCE(h.code, ''),
	d.organisation, d.district_code, d.kind, d.item_code, d.amount, d.delivered_on, d.handed_over_by, d.proof, d.entry_id, d.created_by, d.created_at
	FROM deliveries d LEFT JOIN households h ON h.id = d.household_id`

// Deliveries implements distribution.Store.
func (s *Distribution) Deliveries(ctx context.Context, f distribution.DeliveryFilter) ([]distribution.Delivery, error) {
	where, args := []string{"d.id > ?"}, []any{f.AfterID}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.FundID != 0 {
		add("d.fund_id = ?", f.FundID)
	}
	if f.PlanID != 0 {
		add("d.plan_id = ?", f.PlanID)
	}
	if f.RequestID != 0 {
		add("d.request_id = ?", f.RequestID)
	}
	if f.EntryID != 0 {
		add("d.entry_id = ?", f.EntryID)
	}
	if f.MinEntryID != 0 {
		add("d.entry_id >= ?", f.MinEntryID)
	}
	if f.MaxEntryID != 0 {
		add("d.entry_id <= ?", f.MaxEntryID)
	}
	if f.District != "" {
		add("d.district_code = ?", f.District)
	}
	if f.Kind != "" {
		add("d.kind = ?", string(f.Kind))
	}
	if f.Item != "" {
		add("d.item_code = ?", f.Item)
	}
	if !f.From.IsZero() {
		add("d.delivered_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("d.delivered_on <= ?", f.To)
	}
	var out []distribution.Delivery
	err := s.db.read.each(ctx, deliverySelect+" WHERE "+strings.Join(where, " AND ")+" ORDER BY d.id"+limitClause(f.Limit), args, func(scan func(...any) error) error {
		var d distribution.Delivery
		var kind string
		if err := scan(&d.ID, &d.FundID, &d.PlanID, &d.RequestID, &d.HouseholdID, &d.HouseholdCode, &d.Organisation, &d.District, &kind, &d.Item,
			&d.Amount, &d.Date, &d.HandedOverBy, &d.Proof, &d.EntryID, &d.CreatedBy, &d.CreatedAt); err != nil {
			return err
		}
		d.Kind, d.CreatedAt = distribution.Kind(kind), d.CreatedAt.UTC()
		out = append(out, d)
		return nil
	})
	return out, err
}
