package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
)

// Relief trips and frontline support (distribution/trips.go): a trip's row
// and its lines are written once, in the journal transaction of its entry;
// its cancellation is the reversal of that entry, read from the journal.

// NextTripID implements distribution.TripTx: under the journal head no
// other writer inserts a trip, so the next ID is free until commit.
func (tx distributionTx) NextTripID() (int64, error) {
	var id int64
	if _, err := tx.one(`SELECT COALESCE(MAX(id), 0) + 1 FROM relief_trips`, nil, &id); err != nil {
		return 0, fmt.Errorf("next trip id: %w", err)
	}
	return id, nil
}

// InsertTrip implements distribution.TripTx.
func (tx distributionTx) InsertTrip(t distribution.Trip) error {
	proofs, err := json.Marshal(t.Proofs)
	if err != nil {
		return err
	}
	if t.Proofs == nil {
		proofs = []byte("[]")
	}
	if _, err := tx.exec(`INSERT INTO relief_trips (id, fund_id, kind, destination, inside_province, date_from, date_to, organisation, people_reached,
		note, proofs, district_code, entry_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.FundID, string(t.Kind), t.Destination, t.InsideProvince, t.From.String(), t.To.String(), t.Organisation, t.PeopleReached,
		t.Note, string(proofs), t.District, t.EntryID, t.CreatedBy, t.CreatedAt); err != nil {
		if isUnique(err) {
			return rl.CodedErrorf(rl.Conflict, "duplicate", "trip %d was recorded twice", t.ID)
		}
		return fmt.Errorf("insert trip: %w", err)
	}
	var rows [][]any
	for _, g := range t.Goods {
		rows = append(rows, []any{t.ID, len(rows) + 1, g.Warehouse, g.Item, "", g.Designation, g.Quantity.String(), g.Value.String()})
	}
	for _, m := range t.Money {
		rows = append(rows, []any{t.ID, len(rows) + 1, "", "", m.Account, m.Designation, "0", m.Amount.String()})
	}
	if err := tx.insertRows("relief_trip_lines",
		[]string{"trip_id", "line", "warehouse_code", "item_code", "account_code", "designation", "quantity", "amount"},
		[]string{"bigint", "int", "text", "text", "text", "text", "numeric", "numeric"}, rows); err != nil {
		return fmt.Errorf("insert trip lines: %w", err)
	}
	tx.note(fmt.Sprintf("relief-trip:%d", t.ID))
	return nil
}

const tripSelect = `SELECT t.id, t.fund_id, f.code, t.kind, t.destination, t.inside_province, t.date_from, t.date_to, t.organisation, t.people_reached,
	t.note, t.proofs, t.district_code, t.entry_id, t.created_by, t.created_at, COALESCE(r.id, 0), r.entry_date, COALESCE(r.description, '')
	FROM relief_trips t JOIN funds f ON f.id = t.fund_id LEFT JOIN journal_entries r ON r.reverses_id = t.entry_id`

// Trip implements distribution.TripStore.
func (s *Distribution) Trip(ctx context.Context, id int64) (distribution.Trip, error) {
	ts, err := s.readTrips(ctx, "t.id = ?", []any{id}, "")
	if err != nil {
		return distribution.Trip{}, err
	}
	if len(ts) == 0 {
		return distribution.Trip{}, rl.Errorf(rl.NotFound, "no trip %d", id)
	}
	return ts[0], nil
}

// TripByEntry implements distribution.TripStore.
func (s *Distribution) TripByEntry(ctx context.Context, entryID int64) (distribution.Trip, error) {
	ts, err := s.readTrips(ctx, "t.entry_id = ?", []any{entryID}, "")
	if err != nil {
		return distribution.Trip{}, err
	}
	if len(ts) == 0 {
		return distribution.Trip{}, rl.Errorf(rl.NotFound, "no trip recorded by entry %d", entryID)
	}
	return ts[0], nil
}

// Trips implements distribution.TripStore.
func (s *Distribution) Trips(ctx context.Context, f distribution.TripFilter) ([]distribution.Trip, error) {
	where, args := []string{"t.id > ?"}, []any{f.AfterID}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.FundID != 0 {
		add("t.fund_id = ?", f.FundID)
	}
	if f.Kind != "" {
		add("t.kind = ?", string(f.Kind))
	}
	if f.District != "" {
		add("t.district_code = ?", f.District)
	}
	if !f.From.IsZero() {
		add("t.date_from >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		add("t.date_from <= ?", f.To.String())
	}
	return s.readTrips(ctx, strings.Join(where, " AND "), args, limitClause(f.Limit))
}

func (s *Distribution) readTrips(ctx context.Context, where string, args []any, limit string) ([]distribution.Trip, error) {
	var out []distribution.Trip
	err := s.db.read.each(ctx, tripSelect+" WHERE "+where+" ORDER BY t.id"+limit, args, func(scan func(...any) error) error {
		var t distribution.Trip
		var kind, proofs string
		var reversedOn sql.NullString
		if err := scan(&t.ID, &t.FundID, &t.Fund, &kind, &t.Destination, &t.InsideProvince, &t.From, &t.To, &t.Organisation, &t.PeopleReached,
			&t.Note, &proofs, &t.District, &t.EntryID, &t.CreatedBy, &t.CreatedAt, &t.ReversalEntryID, &reversedOn, &t.ReverseReason); err != nil {
			return err
		}
		t.Kind, t.CreatedAt = distribution.TripKind(kind), t.CreatedAt.UTC()
		if reversedOn.Valid {
			if err := t.ReversedOn.Scan(reversedOn.String); err != nil {
				return err
			}
		}
		if err := json.Unmarshal([]byte(proofs), &t.Proofs); err != nil {
			return fmt.Errorf("trip %d proofs: %w", t.ID, err)
		}
		out = append(out, t)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	return out, s.tripLines(ctx, out)
}

// tripLines reads the lines of trips into them.
func (s *Distribution) tripLines(ctx context.Context, ts []distribution.Trip) error {
	ids := make([]int64, len(ts))
	at := make(map[int64]int, len(ts))
	for i, t := range ts {
		ids[i], at[t.ID] = t.ID, i
	}
	return s.db.read.each(ctx, `SELECT trip_id, warehouse_code, item_code, account_code, designation, quantity, amount
		FROM relief_trip_lines WHERE trip_id IN (?) ORDER BY trip_id, line`, []any{listOf(ids)}, func(scan func(...any) error) error {
		var id int64
		var wh, item, acc, designation string
		var qty, amt decimal.Decimal
		if err := scan(&id, &wh, &item, &acc, &designation, &qty, &amt); err != nil {
			return err
		}
		t := &ts[at[id]]
		if item != "" {
			t.Goods = append(t.Goods, distribution.TripGoods{Warehouse: wh, Item: item, Designation: designation, Quantity: qty, Value: amt})
		} else {
			t.Money = append(t.Money, distribution.TripMoney{Account: acc, Designation: designation, Amount: amt})
		}
		return nil
	})
}
