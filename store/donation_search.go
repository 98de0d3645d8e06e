package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/ledger"
)

// How a public search reads the donations, newest received first.
//
// A word like "nguyen" is in a third of all rows: the newest page of them
// is found by reading the (received_date, id) order from the top and
// keeping what matches, which stops after a few dozen rows, while a
// trigram index would first gather hundreds of thousands of row pointers.
// A rare word is the other way round: the order would be read to its end,
// the trigram index names the few rows at once. Planners guess which case
// a word is from statistics and guess wrong on names (words that are
// common alone and rare together), so the search decides by trying: it
// reads a window of searchWindow rows in order first, and only when that
// window does not fill the page does it ask the trigram index about the
// rows below the window. The count does the same with a window of
// countWindow rows from the top: a word that fills the cap there is
// common, and is counted no further.
const (
	searchWindow = 5000
	countWindow  = 5000
)

// windows returns the store's search windows: the constants, or a test's.
func (s *Donations) windows() (page, count int) {
	if s.searchWindows != [2]int{} {
		return s.searchWindows[0], s.searchWindows[1]
	}
	return searchWindow, countWindow
}

// minTrigram is the shortest word a trigram index can look up; shorter
// words ("le", "vo") are only checked on rows found otherwise.
const minTrigram = 3

// searchPlan is a search split by how each condition can be served.
type searchPlan struct {
	pg bool
	// keys bound the (received_date, id) order: fund and dates.
	keys  []string
	kargs []any
	// filter: reference, amount, words; scan is its form for rows read in
	// order (no index), index its form for the indexes.
	scan, index       []string
	scanArgs, idxArgs []any
	// exact says a condition (a reference) names few rows by index, so no
	// window is needed.
	exact bool
}

func (s *Donations) plan(q donations.Search) searchPlan {
	p := searchPlan{pg: s.db.pg}
	key := func(cond string, a ...any) { p.keys = append(p.keys, cond); p.kargs = append(p.kargs, a...) }
	both := func(cond string, a ...any) {
		p.scan, p.index = append(p.scan, cond), append(p.index, cond)
		p.scanArgs, p.idxArgs = append(p.scanArgs, a...), append(p.idxArgs, a...)
	}
	if q.FundID != 0 {
		key("d.fund_id = ?", q.FundID)
	}
	if !q.From.IsZero() {
		key("d.received_date >= ?", q.From)
	}
	if !q.To.IsZero() {
		key("d.received_date <= ?", q.To)
	}
	if q.Ref != "" {
		both("(LOWER(d.bank_ref) = ? OR d.receipt_no = ?)", strings.ToLower(q.Ref), strings.ToUpper(q.Ref))
		p.exact = true
	}
	if q.Amount.Valid {
		both("d.amount = ?", q.Amount.Decimal.String())
	}
	contains := "strpos(d.search_public, ?) > 0"
	if !p.pg {
		contains = "instr(d.search_public, ?) > 0"
	}
	var fts []string
	for _, w := range strings.Fields(q.Text) {
		p.scan, p.scanArgs = append(p.scan, contains), append(p.scanArgs, w)
		switch {
		case utf8.RuneCountInString(w) < minTrigram:
			p.index, p.idxArgs = append(p.index, contains), append(p.idxArgs, w)
		case p.pg:
			p.index, p.idxArgs = append(p.index, "d.search_public LIKE ?"), append(p.idxArgs, "%"+likeEscape(w)+"%")
		default:
			// FTS5 trigram phrases match substrings exactly; instr is
			// kept so that SQLite's planner sees a plain filter too.
			fts = append(fts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
			p.index, p.idxArgs = append(p.index, contains), append(p.idxArgs, w)
		}
	}
	if len(fts) > 0 {
		p.index = append(p.index, "d.id IN (SELECT rowid FROM donation_text WHERE donation_text MATCH ?)")
		p.idxArgs = append(p.idxArgs, strings.Join(fts, " AND "))
	}
	return p
}

// likeEscape escapes LIKE's wildcards; the PostgreSQL default escape
// character is the backslash.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// orderKey is a row's place in the newest-first order.
type orderKey struct {
	date ledger.Date
	id   int64
}

// below is the condition "after k in the newest-first order". Both
// backends take a row value comparison as a range of the (received_date,
// id) index, so a deep page starts where it should rather than filtering
// its way down.
func (p searchPlan) below(k orderKey) (string, []any) {
	return "(d.received_date, d.id) < (?, ?)", []any{k.date, k.id}
}

// atOrAbove is the condition "k or before it in the newest-first order".
func (p searchPlan) atOrAbove(k orderKey) (string, []any) {
	return "(d.received_date, d.id) >= (?, ?)", []any{k.date, k.id}
}

func where(conds []string) string {
	if len(conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(conds, " AND ")
}

func cat(xs ...[]any) []any {
	var out []any
	for _, x := range xs {
		out = append(out, x...)
	}
	return out
}

// floor returns the key n rows down the order from the rows matching
// conds, and false when fewer rows remain.
func (s *Donations) floor(ctx context.Context, conds []string, args []any, n int) (orderKey, bool, error) {
	var k orderKey
	found, err := s.db.read.one(ctx, "SELECT d.received_date, d.id FROM donations d WHERE "+where(conds)+
		" ORDER BY d.received_date DESC, d.id DESC LIMIT 1 OFFSET "+strconv.Itoa(n-1), args, &k.date, &k.id)
	if err != nil {
		return orderKey{}, false, fmt.Errorf("search window: %w", err)
	}
	return k, found, nil
}

// Search implements donations.Store.
func (s *Donations) Search(ctx context.Context, q donations.Search) (donations.Results, error) {
	var cursor *orderKey
	if q.Cursor != "" {
		k, err := parseSearchCursor(q.Cursor)
		if err != nil {
			return donations.Results{}, err
		}
		cursor = &k
	}
	p := s.plan(q)
	n, err := s.searchCount(ctx, p)
	if err != nil {
		return donations.Results{}, err
	}
	ids, err := s.searchPage(ctx, p, cursor, q.Limit+1)
	if err != nil {
		return donations.Results{}, err
	}
	res := donations.Results{Count: min(n, donations.SearchCountCap), Capped: n > donations.SearchCountCap, Donations: []donations.Donation{}}
	if len(ids) == 0 {
		return res, nil
	}
	ds, err := s.read(ctx, "d.id IN (?)", []any{listOf(ids)}, "ORDER BY d.received_date DESC, d.id DESC")
	if err != nil {
		return donations.Results{}, err
	}
	if len(ds) > q.Limit {
		ds = ds[:q.Limit]
		last := ds[len(ds)-1]
		res.Next = last.ReceivedDate.String() + "." + strconv.FormatInt(last.ID, 10)
	}
	res.Donations = ds
	return res, nil
}

// searchPage returns the IDs of up to n matches below the cursor, in order.
func (s *Donations) searchPage(ctx context.Context, p searchPlan, cursor *orderKey, n int) ([]int64, error) {
	keys, kargs := p.keys, p.kargs
	if cursor != nil {
		c, a := p.below(*cursor)
		keys, kargs = append(append([]string(nil), keys...), c), cat(kargs, a)
	}
	ordered := func(conds []string, args []any) ([]int64, error) {
		return s.db.read.ids(ctx, "SELECT d.id FROM donations d WHERE "+where(conds)+
			" ORDER BY d.received_date DESC, d.id DESC LIMIT "+strconv.Itoa(n), args...)
	}
	if len(p.scan) == 0 {
		return ordered(keys, kargs)
	}
	if p.exact {
		return s.indexed(ctx, append(append([]string(nil), keys...), p.index...), cat(kargs, p.idxArgs), n)
	}
	window, _ := s.windows()
	floor, deep, err := s.floor(ctx, keys, kargs, window)
	if err != nil {
		return nil, err
	}
	if !deep { // the rest of the order is no longer than the window
		return ordered(append(append([]string(nil), keys...), p.scan...), cat(kargs, p.scanArgs))
	}
	c, a := p.atOrAbove(floor)
	ids, err := ordered(append(append([]string(nil), keys...), append([]string{c}, p.scan...)...), cat(kargs, a, p.scanArgs))
	if err != nil || len(ids) == n {
		return ids, err
	}
	c, a = p.below(floor)
	more, err := s.indexed(ctx, append(append([]string(nil), keys...), append([]string{c}, p.index...)...), cat(kargs, a, p.idxArgs), n-len(ids))
	return append(ids, more...), err
}

// indexed returns the first n matches of conds in order, found through the
// indexes: the order is written as an expression so that no plan walks the
// (received_date, id) index and filters; the planner then picks among the
// trigram, reference and amount indexes by how few rows they name, and
// sorts those.
func (s *Donations) indexed(ctx context.Context, conds []string, args []any, n int) ([]int64, error) {
	return s.db.read.ids(ctx, "SELECT d.id FROM donations d WHERE "+where(conds)+
		" ORDER BY d.received_date || '' DESC, d.id + 0 DESC LIMIT "+strconv.Itoa(n), args...)
}

// searchCount counts matches up to SearchCountCap+1.
func (s *Donations) searchCount(ctx context.Context, p searchPlan) (int64, error) {
	count := func(conds []string, args []any) (int64, error) {
		var n int64
		_, err := s.db.read.one(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM donations d WHERE "+where(conds)+
			" LIMIT "+strconv.Itoa(donations.SearchCountCap+1)+") m", args, &n)
		if err != nil {
			return 0, fmt.Errorf("count donations: %w", err)
		}
		return n, nil
	}
	if len(p.scan) == 0 || p.exact {
		return count(append(append([]string(nil), p.keys...), p.index...), cat(p.kargs, p.idxArgs))
	}
	_, window := s.windows()
	floor, deep, err := s.floor(ctx, p.keys, p.kargs, window)
	if err != nil {
		return 0, err
	}
	if !deep {
		return count(append(append([]string(nil), p.keys...), p.scan...), cat(p.kargs, p.scanArgs))
	}
	c, a := p.atOrAbove(floor)
	n, err := count(append(append([]string(nil), p.keys...), append([]string{c}, p.scan...)...), cat(p.kargs, a, p.scanArgs))
	if err != nil || n > donations.SearchCountCap {
		return n, err
	}
	return count(append(append([]string(nil), p.keys...), p.index...), cat(p.kargs, p.idxArgs))
}

func parseSearchCursor(c string) (orderKey, error) {
	bad := func() error {
		var fe rl.Fields
		fe.Add("cursor", "cursor %q is not one this search gave", c)
		return fe.Err()
	}
	ds, is, ok := strings.Cut(c, ".")
	if !ok {
		return orderKey{}, bad()
	}
	d, err := ledger.ParseDate(ds)
	id, err2 := strconv.ParseInt(is, 10, 64)
	if err != nil || err2 != nil || id <= 0 {
		return orderKey{}, bad()
	}
	return orderKey{d, id}, nil
}
