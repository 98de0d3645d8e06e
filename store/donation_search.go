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
// Words go to the word index first (donation_words.go): the rows of the
// rarest searched word, newest first, those whose signature may hold the
// other words looked up under them.
// What follows serves the searches it cannot (every word with a digit or
// standing for too many dictionary words, "n", "0912") and those without
// words.
//
// A word like "nguyen" is in a third of all rows: the newest page of them
// is found by reading the (received_date, id) order from the top and
// keeping what matches, which stops after a few dozen rows, while a
// trigram index would first gather hundreds of thousands of row pointers
// and visit each row to sort them. A rare word is the other way round: the
// order would be read to its end, the trigram index names the few rows at
// once. Planners guess which case a search is from statistics and guess
// wrong on names (words common alone and rare together), so the search
// decides by trying: it reads a window of searchWindow rows of the order
// first (an index-only scan: the order's index carries the searched
// columns) and asks the indexes only about the rows below the window, and
// only when the window did not fill the page or reach the count's cap.
const searchWindow = 10000

// windowSize is searchWindow, or a test's.
func (s *Donations) windowSize() int {
	if s.searchWindow > 0 {
		return s.searchWindow
	}
	return searchWindow
}

// minTrigram is the shortest text a trigram index can look up: pg_trgm
// takes "le" from nothing shorter than three letters, SQLite's FTS5 finds
// " le" (the space included) but not " a"; shorter words are only checked
// on rows found otherwise.
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
	// rest is the filter's conditions other than words (the amount), for
	// the word index, which checks words itself.
	rest     []string
	restArgs []any
	// words are the searched words.
	words []string
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
		p.rest, p.restArgs = append(p.rest, "d.amount = ?"), append(p.restArgs, q.Amount.Decimal.String())
	}
	// A word matches where a word starts: search_public has a space
	// before each word, so " nguy" is looked for.
	contains := "strpos(d.search_public, ?) > 0"
	if !p.pg {
		contains = "instr(d.search_public, ?) > 0"
	}
	var fts []string
	p.words = strings.Fields(q.Text)
	for _, w := range p.words {
		p.scan, p.scanArgs = append(p.scan, contains), append(p.scanArgs, " "+w)
		switch {
		case p.pg && utf8.RuneCountInString(w) >= minTrigram:
			// The index is asked for the word's own trigrams only: the
			// word-start ones ("  n", " ng") are in a third of all rows,
			// and reading their lists cost three times as much (EXPLAIN
			// in BENCHMARKS.md); strpos then keeps word starts.
			p.index, p.idxArgs = append(p.index, "d.search_public LIKE ?", contains), append(p.idxArgs, "%"+likeEscape(w)+"%", " "+w)
		case p.pg || utf8.RuneCountInString(w) < minTrigram-1:
			p.index, p.idxArgs = append(p.index, contains), append(p.idxArgs, " "+w)
		default:
			// FTS5 trigram phrases match substrings exactly; instr is
			// kept so that SQLite's planner sees a plain filter too.
			fts = append(fts, `" `+strings.ReplaceAll(w, `"`, `""`)+`"`)
			p.index, p.idxArgs = append(p.index, contains), append(p.idxArgs, " "+w)
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
	var n int64
	var ids []int64
	var err error
	var ls []listing
	if len(p.scan) > 0 && !p.exact {
		if ls, err = s.listings(ctx, q.Text); err != nil {
			return donations.Results{}, err
		}
	}
	switch {
	case len(p.scan) == 0 || p.exact:
		n, ids, err = s.searchDirect(ctx, p, cursor, q.Limit+1)
	case len(ls) > 0:
		n, ids, err = s.searchByWord(ctx, p, ls, cursor, q.Limit+1)
	default:
		n, ids, err = s.searchWindowed(ctx, p, cursor, q.Limit+1)
	}
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

// with returns conds and args with more appended, sharing nothing.
func with(conds []string, args []any, more []string, moreArgs ...[]any) ([]string, []any) {
	return append(append([]string(nil), conds...), more...), cat(append([][]any{args}, moreArgs...)...)
}

// searchDirect serves a search without words, or with a reference: the
// order itself, or the reference index.
func (s *Donations) searchDirect(ctx context.Context, p searchPlan, cursor *orderKey, page int) (int64, []int64, error) {
	conds, args := with(p.keys, p.kargs, p.index, p.idxArgs)
	n, err := s.countUpTo(ctx, conds, args, donations.SearchCountCap+1)
	if err != nil {
		return 0, nil, err
	}
	if cursor != nil {
		c, a := p.below(*cursor)
		conds, args = with(conds, args, []string{c}, a)
	}
	var ids []int64
	if len(p.scan) == 0 {
		ids, err = s.ordered(ctx, conds, args, page)
	} else {
		ids, err = s.indexed(ctx, conds, args, page)
	}
	return n, ids, err
}

// searchWindowed serves a search with words. The count reads the window
// from the top, up to the cap: a common word fills it there and is counted
// no further; otherwise the rows below the window are counted by index. A
// first page is the count's first rows; when the window does not fill it,
// the rows below are fetched in order by index, up to the cap, which
// counts them too. A later page reads a window of its own from its cursor,
// and asks the indexes only when that window does not fill it.
func (s *Donations) searchWindowed(ctx context.Context, p searchPlan, cursor *orderKey, page int) (int64, []int64, error) {
	limit := donations.SearchCountCap + 1
	top, err := s.window(ctx, p, nil, max(limit, page))
	if err != nil {
		return 0, nil, err
	}
	found := top.ids
	n := int64(len(found))
	if len(found) < limit && top.deep {
		c, a := p.below(top.floor)
		conds, args := with(p.keys, p.kargs, append([]string{c}, p.index...), a, p.idxArgs)
		if cursor == nil && len(found) < page {
			more, err := s.indexed(ctx, conds, args, limit-len(found))
			if err != nil {
				return 0, nil, err
			}
			found = append(found, more...)
			n = int64(len(found))
		} else {
			more, err := s.countUpTo(ctx, conds, args, limit-len(found))
			if err != nil {
				return 0, nil, err
			}
			n += more
		}
	}
	if cursor == nil {
		return n, found[:min(len(found), page)], nil
	}
	w, err := s.window(ctx, p, cursor, page)
	if err != nil {
		return 0, nil, err
	}
	ids := w.ids
	if len(ids) < page && w.deep {
		c, a := p.below(w.floor) // below the cursor too: the window starts there
		conds, args := with(p.keys, p.kargs, append([]string{c}, p.index...), a, p.idxArgs)
		more, err := s.indexed(ctx, conds, args, page-len(ids))
		if err != nil {
			return 0, nil, err
		}
		ids = append(ids, more...)
	}
	return n, ids, nil
}

// windowRead is what a window of the order held.
type windowRead struct {
	ids   []int64  // the first matches in it, in order
	floor orderKey // its last row
	deep  bool     // more rows follow it
}

// window reads the window of the order below cursor (from the top when
// nil) and returns its first n matches. The window is a subquery with its
// own LIMIT, so the scan stops at the n-th match, a few rows down for a
// common word, or at the window's end; only then is the window's last row
// looked up, for the rows below it.
func (s *Donations) window(ctx context.Context, p searchPlan, cursor *orderKey, n int) (windowRead, error) {
	keys, kargs := p.keys, p.kargs
	if cursor != nil {
		c, a := p.below(*cursor)
		keys, kargs = with(keys, kargs, []string{c}, a)
	}
	size := s.windowSize()
	var w windowRead
	var err error
	// PostgreSQL keeps the subquery's order through the filter and needs
	// no sort for the outer ORDER BY; SQLite would sort the whole window
	// for it, so there the rows are taken as its co-routine yields them,
	// which is the subquery's order.
	order := " ORDER BY d.received_date DESC, d.id DESC"
	if !p.pg {
		order = ""
	}
	w.ids, err = s.db.read.ids(ctx, "SELECT d.id FROM (SELECT d.id, d.received_date, d.search_public, d.amount FROM donations d WHERE "+where(keys)+
		" ORDER BY d.received_date DESC, d.id DESC LIMIT "+strconv.Itoa(size)+") d WHERE "+where(p.scan)+order+" LIMIT "+strconv.Itoa(n),
		cat(kargs, p.scanArgs)...)
	if err != nil || len(w.ids) == n {
		return w, err
	}
	w.floor, w.deep, err = s.floor(ctx, keys, kargs, size)
	return w, err
}

// ordered returns the first n rows of conds in the order, read in it.
func (s *Donations) ordered(ctx context.Context, conds []string, args []any, n int) ([]int64, error) {
	return s.db.read.ids(ctx, "SELECT d.id FROM donations d WHERE "+where(conds)+
		" ORDER BY d.received_date DESC, d.id DESC LIMIT "+strconv.Itoa(n), args...)
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

// countUpTo counts the rows of conds, stopping at n.
func (s *Donations) countUpTo(ctx context.Context, conds []string, args []any, n int) (int64, error) {
	var c int64
	_, err := s.db.read.one(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM donations d WHERE "+where(conds)+
		" LIMIT "+strconv.Itoa(n)+") m", args, &c)
	if err != nil {
		return 0, fmt.Errorf("count donations: %w", err)
	}
	return c, nil
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
