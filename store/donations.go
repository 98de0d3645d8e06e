package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
)

// Donations implements donations.Store.
type Donations struct {
	db *DB
	// searchWindow, when set, replaces the constant (tests).
	searchWindow int
	// pick, when set, makes a search walk another word than its rarest,
	// or none (tests: the results must not change).
	pick wordPick
	// noSignatures, when set, makes the word index check the other words
	// by index alone, not first by signature (tests).
	noSignatures bool
	// noPairs, when set, makes the word index walk words, never pairs
	// (tests).
	noPairs bool
	// pairsPreferred, when set, makes it walk pairs whenever it can,
	// whatever they cost (tests).
	pairsPreferred bool
	// listed, when set, is called between a search's listings and its
	// walk (tests).
	listed func()
	// maxScan, maxCandidates and maxWalk, when set, replace the bounds of
	// a search (tests); reads, when set, is added what each search read
	// (donation_search.go).
	maxScan, maxCandidates, maxWalk int
	reads                           *atomic.Int64
	// found, when set, is called in a search's snapshot once it has
	// found its page, before it reads the page's donations (tests).
	found func(context.Context, runner) error
}

var _ donations.Store = (*Donations)(nil)

// Donations returns the donations store of db.
func (db *DB) Donations() *Donations { return &Donations{db: db} }

// donationsTx is a journal transaction with the donation tables.
type donationsTx struct {
	*Tx
	words *wordIndex // the database's
}

var _ donations.Tx = donationsTx{}

// InJournal implements donations.Store.
func (s *Donations) InJournal(ctx context.Context, fn func(donations.Tx) error) error {
	return s.db.inJournal(ctx, func(tx *Tx) error { return fn(donationsTx{tx, &s.db.words}) })
}

type donorRow struct {
	ID             int64 `gorm:"primaryKey"`
	Name           string
	NameFolded     string
	Kind           string
	InsideProvince bool
	Phone          string
	Email          string
	Address        string
	PublishName    bool
	CreatedAt      time.Time
}

func (donorRow) TableName() string { return "donors" }

func (r donorRow) domain() donations.Donor {
	return donations.Donor{ID: r.ID, Name: r.Name, Kind: donations.DonorKind(r.Kind), InsideProvince: r.InsideProvince, Phone: r.Phone,
		Email: r.Email, Address: r.Address, PublishName: r.PublishName, CreatedAt: r.CreatedAt.UTC()}
}

// CreateDonor implements donations.Store.
func (s *Donations) CreateDonor(ctx context.Context, d donations.Donor, idem *rl.IdemRecord) (donations.Donor, bool, error) {
	var out donations.Donor
	replayed, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		r := donorRow{Name: d.Name, NameFolded: fold.String(d.Name), Kind: string(d.Kind), InsideProvince: d.InsideProvince,
			Phone: d.Phone, Email: d.Email, Address: d.Address, PublishName: d.PublishName, CreatedAt: d.CreatedAt}
		if _, err := tx.one(`INSERT INTO donors (name, name_folded, kind, inside_province, phone, email, address, publish_name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, []any{r.Name, r.NameFolded, r.Kind, r.InsideProvince, r.Phone, r.Email,
			r.Address, r.PublishName, r.CreatedAt}, &r.ID); err != nil {
			return "", fmt.Errorf("create donor: %w", err)
		}
		out = r.domain()
		return "donor:" + strconv.FormatInt(r.ID, 10), nil
	}, func(ref string) error {
		id, _ := strconv.ParseInt(strings.TrimPrefix(ref, "donor:"), 10, 64)
		var err error
		out, err = s.Donor(ctx, id)
		return err
	})
	return out, replayed, err
}

// Donor implements donations.Store.
func (s *Donations) Donor(ctx context.Context, id int64) (donations.Donor, error) {
	var r donorRow
	if err := s.db.r.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return donations.Donor{}, notFound(err, "no donor %d", id)
	}
	return r.domain(), nil
}

// Donors implements donations.Store.
func (s *Donations) Donors(ctx context.Context, query string, afterID int64, limit int) ([]donations.Donor, error) {
	q := s.db.r.WithContext(ctx).Where("id > ?", afterID).Order("id").Limit(limit)
	if query != "" {
		q = q.Where("name_folded LIKE ?", "%"+escapeLike(query)+"%")
	}
	var rows []donorRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list donors: %w", err)
	}
	out := make([]donations.Donor, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

const donationCols = `fund_id, donor_id, donor_name, public_name, public_folded, search_text, channel, amount, currency, original_amount, rate,
	bank_ref, received_date, earmark, description, receipt_year, receipt_seq, receipt_no, entry_id, status, statement_key, created_by, created_at, warehouse_code,
	search_public`

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDec(d decimal.NullDecimal) any {
	if !d.Valid {
		return nil
	}
	return d.Decimal.String()
}

func donationSearch(d donations.Donation) string {
	return fold.String(d.DonorName) + " " + strings.ToLower(d.BankRef) + " " + strings.ToLower(d.ReceiptNo)
}

// NumberReceipts implements donations.Tx: receipt numbers come from a
// counter per fund and year, advanced once per group inside the journal
// transaction, which every writer serialises on; so numbers are unique,
// in order and without gaps, and roll back with the transaction.
func (tx donationsTx) NumberReceipts(ds []donations.Donation) ([]donations.Donation, error) {
	type group struct {
		fund int64
		year int
	}
	count := map[group]int64{}
	var order []group
	for _, d := range ds {
		g := group{d.FundID, d.ReceivedDate.Year()}
		if count[g] == 0 {
			order = append(order, g)
		}
		count[g]++
	}
	next := map[group]int64{}
	for _, g := range order {
		if _, err := tx.exec(`INSERT INTO receipt_counters (fund_id, year, last_seq) VALUES (?, ?, 0) ON CONFLICT DO NOTHING`, g.fund, g.year); err != nil {
			return nil, fmt.Errorf("receipt counter: %w", err)
		}
		var last int64
		if _, err := tx.one(`UPDATE receipt_counters SET last_seq = last_seq + ? WHERE fund_id = ? AND year = ? RETURNING last_seq`,
			[]any{count[g], g.fund, g.year}, &last); err != nil {
			return nil, fmt.Errorf("receipt counter: %w", err)
		}
		next[g] = last - count[g] + 1
	}
	out := make([]donations.Donation, len(ds))
	for i, d := range ds {
		g := group{d.FundID, d.ReceivedDate.Year()}
		d.ReceiptYear, d.ReceiptSeq = g.year, next[g]
		d.ReceiptNo = donations.ReceiptNo(d.FundCode, g.year, next[g])
		next[g]++
		out[i] = d
	}
	return out, nil
}

// InsertDonations implements donations.Tx. On PostgreSQL the rows take
// IDs drawn beforehand (donationIDs) and every insert waits in the
// pipeline for COMMIT (or COPY's flush): no round trip of its own, its
// errors reported at commit.
func (tx donationsTx) InsertDonations(ds []donations.Donation) ([]donations.Donation, error) {
	out := append([]donations.Donation(nil), ds...)
	pub := make([]string, len(out)) // search_public, folded once
	for i, d := range out {
		pub[i] = donations.PublicText(d.PublicName, d.Description)
	}
	if tx.pg != nil {
		seq, err := tx.donationIDs(len(out))
		if err != nil {
			return nil, err
		}
		for i := range out {
			out[i].ID = seq[i]
		}
		if err := tx.insertDonationsPG(out, pub); err != nil {
			return nil, err
		}
	} else {
		ids := make(map[string]int64, len(ds))
		for start := 0; start < len(out); start += 2000 {
			end := min(start+2000, len(out))
			if err := tx.insertDonationRows(out[start:end], pub[start:end], ids); err != nil {
				return nil, err
			}
		}
		for i := range out {
			out[i].ID = ids[out[i].ReceiptNo]
		}
	}
	if len(out) == 1 {
		tx.note("donation:" + strconv.FormatInt(out[0].ID, 10))
	}
	var lines [][]any
	words := make([]wordedRow, len(out))
	for i := range out {
		words[i] = wordedRow{out[i].ID, out[i].ReceivedDate, pub[i]}
		for j, l := range out[i].Lines {
			lines = append(lines, []any{out[i].ID, j + 1, l.Item, l.Quantity, l.UnitValue, l.Value})
		}
	}
	if err := tx.insertLines(lines); err != nil {
		return nil, fmt.Errorf("insert donation lines: %w", err)
	}
	if err := tx.insertWords(words, tx.words); err != nil {
		return nil, err
	}
	return out, nil
}

// duplicateDonation gives an insert's error its meaning: a unique key
// taken is a donation recorded twice.
func duplicateDonation(err error) error {
	if isUnique(err) {
		e := rl.CodedErrorf(rl.Conflict, "duplicate", "a donation was recorded twice: %s", uniqueConstraint(err))
		e.Cause = err // the database's answer (a refusal, not a lost commit)
		return e
	}
	return fmt.Errorf("insert donations: %w", err)
}

// insertDonationsPG inserts numbered donations with their IDs: by COPY
// from copyMin rows, else as arrays queued in the pipeline.
func (tx donationsTx) insertDonationsPG(ds []donations.Donation, public []string) error {
	if len(ds) >= copyMin {
		return tx.copyDonations(ds, public)
	}
	types := append([]string{"bigint"}, donationTypes...)
	cols := make([]any, len(types))
	sel := make([]string, len(types))
	rs := make([][]any, len(ds))
	for i, d := range ds {
		rs[i] = append([]any{d.ID}, donationArgs(d, public[i])...)
	}
	for j, t := range types {
		col := make([]any, len(rs))
		for i := range rs {
			col[i] = rs[i][j]
		}
		cols[j], sel[j] = pgArray(col, t), "?::"+t+"[]"
	}
	q, args := bind(true, `INSERT INTO donations (id, `+donationCols+`) SELECT * FROM unnest(`+strings.Join(sel, ", ")+`)`, cols)
	tx.pg.queueWrapped(duplicateDonation, q, args...)
	return nil
}

// insertLines inserts donation lines (donation_id, line, item, quantity,
// unit value, value).
func (tx donationsTx) insertLines(lines [][]any) error {
	cols := []string{"donation_id", "line", "item_code", "quantity", "unit_value", "value"}
	types := []string{"bigint", "int", "text", "numeric", "numeric", "numeric"}
	if tx.pg == nil {
		return tx.insertRows("donation_lines", cols, types, lines)
	}
	if len(lines) < copyMin {
		tx.queueRows("donation_lines", cols, types, lines)
		return nil
	}
	return tx.copyFrom("donation_lines", cols, len(lines), func(i int, r []any) {
		l := lines[i]
		r[0], r[1], r[2] = l[0], int32(l[1].(int)), l[2]
		r[3], r[4], r[5] = pgNumeric(l[3].(decimal.Decimal)), pgNumeric(l[4].(decimal.Decimal)), pgNumeric(l[5].(decimal.Decimal))
	})
}

// donationCopyCols are the id and donationCols.
var donationCopyCols = append([]string{"id"}, strings.Split(strings.Join(strings.Fields(donationCols), ""), ",")...)

// copyDonations inserts donations with their IDs by COPY.
func (tx donationsTx) copyDonations(ds []donations.Donation, public []string) error {
	err := tx.copyFrom("donations", donationCopyCols, len(ds), func(i int, r []any) {
		d := &ds[i]
		var donor pgtype.Int8
		if d.DonorID != 0 {
			donor = pgtype.Int8{Int64: d.DonorID, Valid: true}
		}
		r[0], r[1], r[2], r[3], r[4], r[5] = d.ID, d.FundID, donor, d.DonorName, d.PublicName, fold.String(d.PublicName)
		r[6], r[7], r[8], r[9], r[10], r[11] = donationSearch(*d), string(d.Channel), pgNumeric(d.Amount), d.Currency, pgNullNumeric(d.OriginalAmount), pgNullNumeric(d.Rate)
		r[12], r[13], r[14], r[15], r[16], r[17] = d.BankRef, pgDate(d.ReceivedDate), d.Earmark, d.Description, int32(d.ReceiptYear), d.ReceiptSeq
		r[18], r[19], r[20], r[21], r[22], r[23] = d.ReceiptNo, d.EntryID, d.Status, d.StatementKey, d.CreatedBy, d.CreatedAt
		r[24], r[25] = d.Warehouse, public[i]
	})
	if err != nil {
		return duplicateDonation(err)
	}
	return nil
}

func donationArgs(d donations.Donation, public string) []any {
	return []any{d.FundID, nullID(d.DonorID), d.DonorName, d.PublicName, fold.String(d.PublicName), donationSearch(d), string(d.Channel),
		d.Amount.String(), d.Currency, nullDec(d.OriginalAmount), nullDec(d.Rate), d.BankRef, d.ReceivedDate.String(), d.Earmark,
		d.Description, d.ReceiptYear, d.ReceiptSeq, d.ReceiptNo, d.EntryID, d.Status, d.StatementKey, d.CreatedBy, d.CreatedAt, d.Warehouse,
		public}
}

var donationTypes = []string{"bigint", "bigint", "text", "text", "text", "text", "text", "numeric", "text", "numeric", "numeric",
	"text", "date", "text", "text", "int", "bigint", "text", "bigint", "text", "text", "bigint", "timestamptz", "text", "text"}

// insertDonationRows inserts donations on SQLite and collects their IDs
// by receipt (RETURNING's order is not promised): a statement of many
// rows, sqliteRowsPer at a time (its variables stay under SQLite's limit).
func (tx donationsTx) insertDonationRows(ds []donations.Donation, public []string, ids map[string]int64) error {
	for start := 0; start < len(ds); start += sqliteRowsPer {
		end := min(start+sqliteRowsPer, len(ds))
		rs := make(valueRows, 0, end-start)
		for i := start; i < end; i++ {
			rs = append(rs, donationArgs(ds[i], public[i]))
		}
		err := tx.each(`INSERT INTO donations (`+donationCols+`) VALUES ? RETURNING id, receipt_no`, []any{rs},
			func(scan func(...any) error) error { return scanReceipt(scan, ids) })
		if err != nil {
			return duplicateDonation(err)
		}
	}
	return nil
}

// sqliteRowsPer is how many donations a statement inserts on SQLite: 25
// variables each, 12,500 in all (SQLite allows 32,766).
const sqliteRowsPer = 500

func scanReceipt(scan func(...any) error, ids map[string]int64) error {
	var id int64
	var no string
	if err := scan(&id, &no); err != nil {
		return err
	}
	ids[no] = id
	return nil
}

// MarkVoided implements donations.Tx.
func (tx donationsTx) MarkVoided(id, voidEntryID int64, reason string) error {
	n, err := tx.exec(`UPDATE donations SET status = 'voided', void_entry_id = ?, void_reason = ? WHERE id = ? AND status = 'recorded'`, voidEntryID, reason, id)
	if err != nil {
		return fmt.Errorf("void donation %d: %w", id, err)
	}
	if n == 0 {
		return rl.CodedErrorf(rl.Conflict, "already-voided", "donation %d was voided meanwhile", id)
	}
	tx.note("donation:" + strconv.FormatInt(id, 10))
	return nil
}

type donationRow struct {
	ID             int64
	FundID         int64
	FundCode       string
	DonorID        *int64
	DonorName      string
	PublicName     string
	Channel        string
	Amount         decimal.Decimal
	Currency       string
	OriginalAmount decimal.NullDecimal
	Rate           decimal.NullDecimal
	BankRef        string
	ReceivedDate   ledger.Date
	Earmark        string
	Description    string
	ReceiptYear    int
	ReceiptSeq     int64
	ReceiptNo      string
	EntryID        int64
	Status         string
	VoidEntryID    *int64
	VoidReason     string
	StatementKey   string
	CreatedBy      int64
	CreatedAt      time.Time
	Warehouse      string
	VoidedOn       sql.Null[ledger.Date]
}

func (r donationRow) domain() donations.Donation {
	d := donations.Donation{ID: r.ID, FundID: r.FundID, FundCode: r.FundCode, DonorName: r.DonorName, PublicName: r.PublicName,
		Channel: donations.Channel(r.Channel), Amount: r.Amount, Currency: r.Currency, OriginalAmount: r.OriginalAmount, Rate: r.Rate,
		BankRef: r.BankRef, ReceivedDate: r.ReceivedDate, Earmark: r.Earmark, Description: r.Description, ReceiptYear: r.ReceiptYear,
		ReceiptSeq: r.ReceiptSeq, ReceiptNo: r.ReceiptNo, EntryID: r.EntryID, Status: r.Status, VoidReason: r.VoidReason,
		StatementKey: r.StatementKey, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), Warehouse: r.Warehouse, VoidedOn: r.VoidedOn.V}
	if r.DonorID != nil {
		d.DonorID = *r.DonorID
	}
	if r.VoidEntryID != nil {
		d.VoidEntryID = *r.VoidEntryID
	}
	return d
}

const donationSelect = `SELECT d.id, d.fund_id, f.code AS fund_code, d.donor_id, d.donor_name, d.public_name, d.channel, d.amount, d.currency,
	d.original_amount, d.rate, d.bank_ref, d.received_date, d.earmark, d.description, d.receipt_year, d.receipt_seq, d.receipt_no,
	d.entry_id, d.status, d.void_entry_id, d.void_reason, d.statement_key, d.created_by, d.created_at, d.warehouse_code, ve.entry_date
	FROM donations d JOIN funds f ON f.id = d.fund_id LEFT JOIN journal_entries ve ON ve.id = d.void_entry_id`

func (s *Donations) read(ctx context.Context, where string, args []any, tail string) ([]donations.Donation, error) {
	out, err := s.readOn(ctx, s.db.read, where, args, tail)
	if err != nil {
		return nil, err
	}
	return out, s.attachLines(ctx, out)
}

// readOn is read on run, without the goods lines of donations in kind
// (attachLines reads those).
func (s *Donations) readOn(ctx context.Context, run runner, where string, args []any, tail string) ([]donations.Donation, error) {
	var out []donations.Donation
	if len(args) == 1 { // by ID: as many as asked for
		switch ids := args[0].(type) {
		case list:
			out = make([]donations.Donation, 0, len(ids))
		case []int64:
			out = make([]donations.Donation, 0, len(ids))
		}
	}
	// One row scanned into, again and again (every field is written).
	var r donationRow
	dest := []any{&r.ID, &r.FundID, &r.FundCode, &r.DonorID, &r.DonorName, &r.PublicName, &r.Channel, &r.Amount, &r.Currency,
		&r.OriginalAmount, &r.Rate, &r.BankRef, &r.ReceivedDate, &r.Earmark, &r.Description, &r.ReceiptYear, &r.ReceiptSeq, &r.ReceiptNo,
		&r.EntryID, &r.Status, &r.VoidEntryID, &r.VoidReason, &r.StatementKey, &r.CreatedBy, &r.CreatedAt, &r.Warehouse, &r.VoidedOn}
	err := run.each(ctx, donationSelect+" WHERE "+where+" "+tail, args, func(scan func(...any) error) error {
		r = donationRow{}
		if err := scan(dest...); err != nil {
			return err
		}
		out = append(out, r.domain())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read donations: %w", err)
	}
	return out, nil
}

// attachLines reads the goods lines of the donations in kind among ds,
// on the primary: a donation's lines are written with it and never change,
// so the primary holds them for any donation that a replica (or a snapshot)
// returned, where a second replica, further behind than the one that
// served the rows, might not yet (only donations in kind have lines: most
// pages read none).
func (s *Donations) attachLines(ctx context.Context, ds []donations.Donation) error {
	idx := map[int64]int{}
	var ids list
	for i, d := range ds {
		if d.Channel == donations.InKind {
			idx[d.ID] = i
			ids = append(ids, d.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	primary := runner{c: s.db.primaryConn(), pg: s.db.pg}
	return primary.each(ctx, `SELECT donation_id, item_code, quantity, unit_value, value FROM donation_lines
		WHERE donation_id IN (?) ORDER BY donation_id, line`, []any{ids}, func(scan func(...any) error) error {
		var id int64
		var l donations.Line
		if err := scan(&id, &l.Item, &l.Quantity, &l.UnitValue, &l.Value); err != nil {
			return err
		}
		ds[idx[id]].Lines = append(ds[idx[id]].Lines, l)
		return nil
	})
}

func (s *Donations) one(ctx context.Context, where string, arg any, what string) (donations.Donation, error) {
	ds, err := s.read(ctx, where, []any{arg}, "")
	if err != nil {
		return donations.Donation{}, err
	}
	if len(ds) == 0 {
		return donations.Donation{}, rl.Errorf(rl.NotFound, "no donation with %s %v", what, arg)
	}
	return ds[0], nil
}

// Donation implements donations.Store.
func (s *Donations) Donation(ctx context.Context, id int64) (donations.Donation, error) {
	return s.one(ctx, "d.id = ?", id, "id")
}

// DonationByEntry implements donations.Store.
func (s *Donations) DonationByEntry(ctx context.Context, entryID int64) (donations.Donation, error) {
	return s.one(ctx, "d.entry_id = ?", entryID, "entry")
}

// DonationByReceipt implements donations.Store.
func (s *Donations) DonationByReceipt(ctx context.Context, no string) (donations.Donation, error) {
	return s.one(ctx, "d.receipt_no = ?", no, "receipt number")
}

// Donations implements donations.Store.
func (s *Donations) Donations(ctx context.Context, f donations.Filter) ([]donations.Donation, error) {
	where := []string{"d.id > ?"}
	args := []any{f.AfterID}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.FundID != 0 {
		add("d.fund_id = ?", f.FundID)
	}
	if f.DonorID != 0 {
		add("d.donor_id = ?", f.DonorID)
	}
	if f.Channel != "" {
		add("d.channel = ?", string(f.Channel))
	}
	if !f.From.IsZero() {
		add("d.received_date >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("d.received_date <= ?", f.To)
	}
	if f.Earmark != "" {
		add("d.earmark = ?", f.Earmark)
	}
	if f.Status != "" {
		add("d.status = ?", f.Status)
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		if f.Public {
			add("(d.public_folded LIKE ? OR LOWER(d.bank_ref) LIKE ? OR LOWER(d.receipt_no) LIKE ?)", like, like, like)
		} else {
			add("d.search_text LIKE ?", like)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 1001 {
		limit = 1001
	}
	return s.read(ctx, strings.Join(where, " AND "), args, "ORDER BY d.id LIMIT "+strconv.Itoa(limit))
}

// KnownKeys implements donations.Store: the keys are looked up in the
// fund's unique index of statement keys, a chunk at a time.
func (s *Donations) KnownKeys(ctx context.Context, fundID int64, keys []string) (map[string]bool, error) {
	known := map[string]bool{}
	return known, recordedKeys(ctx, s.db.read, fundID, keys, known)
}

// RecordedKeys implements donations.Tx.
func (tx donationsTx) RecordedKeys(fundID int64, keys []string) (map[string]bool, error) {
	known := map[string]bool{}
	return known, recordedKeys(tx.ctx, tx.run, fundID, keys, known)
}

// recordedKeys adds to known which of keys fund has recorded.
func recordedKeys(ctx context.Context, r runner, fundID int64, keys []string, known map[string]bool) error {
	q := `SELECT statement_key FROM donations WHERE fund_id = ? AND statement_key <> '' AND statement_key IN (SELECT value FROM json_each(?))`
	if r.pg {
		q = `SELECT statement_key FROM donations WHERE fund_id = ? AND statement_key <> '' AND statement_key = ANY(?::text[])`
	}
	for start := 0; start < len(keys); start += 10000 {
		part := keys[start:min(start+10000, len(keys))]
		var arg any = part
		if !r.pg {
			b, err := json.Marshal(part)
			if err != nil {
				return err
			}
			arg = string(b)
		}
		err := r.each(ctx, q, []any{fundID, arg}, func(scan func(...any) error) error {
			var k string
			err := scan(&k)
			known[k] = true
			return err
		})
		if err != nil {
			return fmt.Errorf("recorded statement keys: %w", err)
		}
	}
	return nil
}

// Analyze implements donations.Store.
func (s *Donations) Analyze(ctx context.Context) error {
	return s.db.analyze(ctx, "donations", "donation_lines", "journal_entries", "postings", "balances", "receipt_counters")
}
