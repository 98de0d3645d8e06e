package distribution

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	rl "reliefledger"
	"reliefledger/ledger"
)

// SignedRow is a row of a signed distribution list marked received.
type SignedRow struct {
	Sheet        string
	Line         int // row number in the sheet
	Household    string
	Date         ledger.Date
	HandedOverBy string
}

// SignedList is an uploaded signed distribution list of a plan.
type SignedList struct {
	Plan         int64
	File         string
	Rows         []SignedRow
	HandedOverBy string // for rows that do not say who handed over
	DryRun       bool   // check only
}

// DeliverSigned records the deliveries of a signed list, all or none, as
// Deliver does; each problem names the file's sheet and row ("Sheet!9").
// With DryRun it checks and records nothing.
func (s *Service) DeliverSigned(ctx context.Context, a ledger.Actor, scope string, l SignedList) ([]Delivery, bool, error) {
	if len(l.Rows) == 0 {
		return nil, false, rl.InvalidFields(rl.FieldError{Field: "file", Message: "no row is marked received (write x and the date in the list's columns)"})
	}
	b := DeliveryBatch{Plan: l.Plan}
	for _, r := range l.Rows {
		by := r.HandedOverBy
		if by == "" {
			by = l.HandedOverBy
		}
		b.Items = append(b.Items, DeliveryInput{Household: r.Household, Date: r.Date, HandedOverBy: by,
			Proof: fmt.Sprintf("%s, %s dòng %d", l.File, r.Sheet, r.Line)})
	}
	if l.DryRun {
		return nil, false, fileRows(s.CheckDeliveries(ctx, scope, b), l.Rows)
	}
	ds, replayed, err := s.Deliver(ctx, a, scope, b)
	return ds, replayed, fileRows(err, l.Rows)
}

var deliveryField = regexp.MustCompile(`^deliveries\[(\d+)\]`)

// fileRows renames deliveries[i] fields after the file's sheet and row.
func fileRows(err error, rows []SignedRow) error {
	e, ok := rl.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]rl.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out.Fields[i] = f
		if m := deliveryField.FindStringSubmatch(f.Field); m != nil {
			if n, _ := strconv.Atoi(m[1]); n < len(rows) {
				out.Fields[i].Field = fmt.Sprintf("%s!%d", rows[n].Sheet, rows[n].Line)
			}
		}
	}
	return &out
}
