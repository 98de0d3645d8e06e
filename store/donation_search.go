package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
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
	// cand are the conditions an index answers by naming rows (trigrams,
	// FTS5, the amount): a search below the window asks them first how
	// many rows they name, and reads none of them past maxCandidates.
	cand     []string
	candArgs []any
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
		p.cand, p.candArgs = append(p.cand, "d.amount = ?"), append(p.candArgs, q.Amount.Decimal.String())
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
			p.cand, p.candArgs = append(p.cand, "d.search_public LIKE ?"), append(p.candArgs, "%"+likeEscape(w)+"%")
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
		p.cand = append(p.cand, "d.id IN (SELECT rowid FROM donation_text WHERE donation_text MATCH ?)")
		p.candArgs = append(p.candArgs, strings.Join(fts, " AND "))
	}
	return p
}

// likeEscape escapes LIKE's wildcards; the PostgreSQL default escape
// character is the backslash.
func likeEscape(s string) string { return likeEscaper.Replace(s) }

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// orderKey is a row's place in the newest-first order.
type orderKey struct {
	date ledger.Date
	id   int64
}

// compare orders keys oldest first.
func (k orderKey) compare(o orderKey) int {
	if k.date != o.date {
		if k.date.Before(o.date) {
			return -1
		}
		return 1
	}
	return cmp.Compare(k.id, o.id)
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

// The bounds of one search. Whatever is typed, a search reads no more
// than these (and the word index's dictionary, maxExpansions+1 entries a
// word, maxWords words):
//
//   - maxScan rows of the (received_date, id) order, for a search no index
//     can serve: every word a short prefix ("n", "a b c") or a number of
//     fewer than three digits ("3-17"). Such a word is only looked up on
//     rows found otherwise, so alone it finds what the newest maxScan rows
//     (from the cursor) hold: the count says "at least" and the next page
//     carries on below them.
//   - maxCandidates rows named by the trigram, FTS5 or amount indexes below
//     the window (each a heap visit: "000" names 10,000 of 100,000 rows,
//     287 ms to count them cold); more, and the search is read as the one
//     above. (The index's own lists are read whole to name them: for
//     "000", 10,059 entries of the trigram index, 1 ms.)
//   - maxWalk entries of a walked word's list when the walk must look up
//     each row's donation (a searched number or short prefix, an amount):
//     "ho 17 3" would walk ho, in every row, and look up every donation.
//     A word listed more often is not walked so: the search reads the
//     indexes of the other words, or the order alone, as above. A walk
//     the word index answers alone (names) is not cut: its rarest word
//     bounds it, and its results are exact.
const (
	maxScan       = 10000
	maxCandidates = 2000
	maxWalk       = 2500
)

func (s *Donations) scanSize() int {
	if s.maxScan > 0 {
		return s.maxScan
	}
	return maxScan
}

func (s *Donations) candidateCap() int {
	if s.maxCandidates > 0 {
		return s.maxCandidates
	}
	return maxCandidates
}

func (s *Donations) walkCap() int {
	if s.maxWalk > 0 {
		return s.maxWalk
	}
	return maxWalk
}

// searched is what a search path found: the count (up to the cap plus
// one), the page's ids (one more than the page when there is a next), and,
// when a bound stopped it, the last row it read: the count is then "at
// least", and a page that ends short carries on below stop.
type searched struct {
	n       int64
	ids     []int64
	partial bool
	stop    *orderKey
	// page holds the donations of ids when the search read them itself
	// (byWordPage); paged says it did.
	page  []donations.Donation
	paged bool
}

// floor returns the key n rows down the order from the rows matching
// conds, and false when fewer rows remain.
func (s *Donations) floor(ctx context.Context, run runner, conds []string, args []any, n int) (orderKey, bool, error) {
	var k orderKey
	found, err := run.one(ctx, "SELECT d.received_date, d.id FROM donations d WHERE "+where(conds)+
		" ORDER BY d.received_date DESC, d.id DESC LIMIT 1 OFFSET "+strconv.Itoa(n-1), args, &k.date, &k.id)
	if err != nil {
		return orderKey{}, false, fmt.Errorf("search window: %w", err)
	}
	s.bound(int64(n))
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
	var f searched
	var ds []donations.Donation
	// One snapshot for the whole search: the listings, the walk or the
	// index reads, and the page's donations. The listings then say what
	// the walk meets (a word's bit and pairing, donation_pairs.go), and on
	// PostgreSQL BEGIN and its end ride with the first and the last query.
	search := func(run runner) error {
		f, ds = searched{}, nil
		var before int64
		if s.reads != nil && p.pg {
			// Counted (tests): the transaction's statistics say how many
			// rows and index entries its statements read.
			var err error
			if before, err = s.pgReads(ctx, run); err != nil {
				return err
			}
		}
		var lv listed
		var err error
		if len(p.scan) > 0 && !p.exact {
			if lv, err = s.listings(ctx, run, q.Text); err != nil {
				return err
			}
		}
		ls := lv.ls
		if s.listed != nil {
			s.listed()
		}
		switch {
		case len(p.scan) == 0 || p.exact:
			f, err = s.searchDirect(ctx, run, p, cursor, q.Limit+1)
		case len(ls) > 0 && !(p.cut(ls) && ls[0].rows > int64(s.walkCap())):
			// A walk that would stop at its bound gives way to the
			// indexes of the words it cannot list, or to the order read
			// alone: a row of the order costs a fraction of a walked row
			// and its donation's lookup.
			f, err = s.searchByWord(ctx, run, p, lv, cursor, q.Limit+1, s.reads == nil && s.found == nil)
		default:
			if lv.planned {
				// The walk's planner settings would spoil these plans.
				if err := run.queue(ctx, resetSettings); err != nil {
					return err
				}
			}
			f, err = s.searchWindowed(ctx, run, p, cursor, q.Limit+1)
		}
		if err != nil {
			return err
		}
		if s.reads != nil && p.pg {
			after, err := s.pgReads(ctx, run)
			if err != nil {
				return err
			}
			s.reads.Add(after - before)
		}
		if s.found != nil {
			if err := s.found(ctx, run); err != nil {
				return err
			}
		}
		switch {
		case f.paged:
			ds = f.page
		case len(f.ids) == 0:
			return nil
		default:
			run.lastNext()
			// On PostgreSQL the IDs go as one array: one statement whatever
			// their number, whose plan is kept (a list of n placeholders is a
			// statement, and a plan, of each length).
			where, arg := "d.id IN (?)", any(listOf(f.ids))
			if p.pg {
				where, arg = "d.id = ANY(?::bigint[])", f.ids
			}
			if ds, err = s.readPublic(ctx, run, where, arg); err != nil {
				return err
			}
		}
		// Sorted here, not by the database: a walk's settings forbid sorts.
		slices.SortFunc(ds, func(a, b donations.Donation) int {
			return orderKey{b.ReceivedDate, b.ID}.compare(orderKey{a.ReceivedDate, a.ID})
		})
		return nil
	}
	if err := s.db.inReadSnapshot(ctx, search); err != nil {
		return donations.Results{}, err
	}
	res := donations.Results{Count: min(f.n, donations.SearchCountCap), Capped: f.n > donations.SearchCountCap,
		Partial:   f.partial && f.n <= donations.SearchCountCap,
		Donations: []donations.Donation{}}
	next := func() string {
		if f.stop == nil {
			return ""
		}
		return f.stop.date.String() + "." + strconv.FormatInt(f.stop.id, 10)
	}
	if len(ds) == 0 {
		res.Next = next()
		return res, nil
	}
	if len(ds) > q.Limit {
		ds = ds[:q.Limit]
		last := ds[len(ds)-1]
		res.Next = last.ReceivedDate.String() + "." + strconv.FormatInt(last.ID, 10)
	} else {
		res.Next = next()
	}
	res.Donations = ds
	return res, nil
}

// bound adds to a test's count what a statement may read at most, on
// SQLite, which keeps no statistics of a transaction; PostgreSQL counts
// what its statements did read (countReads).
func (s *Donations) bound(n int64) {
	if s.reads != nil && !s.db.pg {
		s.reads.Add(n)
	}
}

// pgReads returns the rows and index entries the backend's statements
// read of the donations and the word index (its pairs too), so far: of a table, the rows
// its scans read and those fetched for index scans; of an index, the
// entries its scans returned. (PostgreSQL 15 counts from the backend's
// last report of its statistics, not from the transaction's start: a
// search takes the difference.)
func (s *Donations) pgReads(ctx context.Context, r runner) (int64, error) {
	var n int64
	_, err := r.one(ctx, `SELECT COALESCE(SUM(pg_stat_get_xact_tuples_returned(o) + pg_stat_get_xact_tuples_fetched(o)), 0)::bigint FROM (
		SELECT 'donations'::regclass::oid AS o UNION ALL SELECT 'donation_words'::regclass::oid UNION ALL SELECT 'donation_word_pairs'::regclass::oid
		UNION ALL SELECT indexrelid FROM pg_index WHERE indrelid IN ('donations'::regclass, 'donation_words'::regclass, 'donation_word_pairs'::regclass)) x`, nil, &n)
	if err != nil {
		return 0, fmt.Errorf("count search reads: %w", err)
	}
	return n, nil
}

// with returns conds and args with more appended, sharing nothing.
func with(conds []string, args []any, more []string, moreArgs ...[]any) ([]string, []any) {
	return append(append([]string(nil), conds...), more...), cat(append([][]any{args}, moreArgs...)...)
}

// searchDirect serves a search without words, or with a reference: the
// order itself, or the reference index.
func (s *Donations) searchDirect(ctx context.Context, run runner, p searchPlan, cursor *orderKey, page int) (searched, error) {
	conds, args := with(p.keys, p.kargs, p.index, p.idxArgs)
	n, err := s.countUpTo(ctx, run, conds, args, donations.SearchCountCap+1)
	if err != nil {
		return searched{}, err
	}
	if cursor != nil {
		c, a := p.below(*cursor)
		conds, args = with(conds, args, []string{c}, a)
	}
	var ids []int64
	if len(p.scan) == 0 {
		ids, err = s.ordered(ctx, run, conds, args, page)
	} else {
		ids, err = s.indexed(ctx, run, conds, args, page)
	}
	return searched{n: n, ids: ids}, err
}

// searchWindowed serves a search with words. The count reads the window
// from the top, up to the cap: a common word fills it there and is counted
// no further; otherwise the rows below the window are counted by index. A
// first page is the count's first rows; when the window does not fill it,
// the rows below are fetched in order by index, up to the cap, which
// counts them too. A later page reads a window of its own from its cursor,
// and asks the indexes only when that window does not fill it.
//
// The indexes are asked only when they name at most maxCandidates rows
// below the window; a search no index serves, or one whose indexes name
// more, reads the order alone, up to maxScan rows (searchScan).
func (s *Donations) searchWindowed(ctx context.Context, run runner, p searchPlan, cursor *orderKey, page int) (searched, error) {
	if len(p.cand) == 0 {
		return s.searchScan(ctx, run, p, cursor, page)
	}
	limit := donations.SearchCountCap + 1
	top, err := s.window(ctx, run, p, nil, max(limit, page), s.windowSize())
	if err != nil {
		return searched{}, err
	}
	found := top.ids
	n := int64(len(found))
	if len(found) < limit && top.deep {
		if many, err := s.tooMany(ctx, run, p, top.floor); err != nil || many {
			if err != nil {
				return searched{}, err
			}
			return s.searchScan(ctx, run, p, cursor, page)
		}
		c, a := p.below(top.floor)
		conds, args := with(p.keys, p.kargs, append([]string{c}, p.index...), a, p.idxArgs)
		if cursor == nil && len(found) < page {
			more, err := s.indexed(ctx, run, conds, args, limit-len(found))
			if err != nil {
				return searched{}, err
			}
			found = append(found, more...)
			n = int64(len(found))
		} else {
			more, err := s.countUpTo(ctx, run, conds, args, limit-len(found))
			if err != nil {
				return searched{}, err
			}
			n += more
		}
	}
	if cursor == nil {
		return searched{n: n, ids: found[:min(len(found), page)]}, nil
	}
	w, err := s.window(ctx, run, p, cursor, page, s.windowSize())
	if err != nil {
		return searched{}, err
	}
	ids := w.ids
	if len(ids) < page && w.deep {
		// The top's check does not cover a count the window filled.
		if many, err := s.tooMany(ctx, run, p, w.floor); err != nil || many {
			if err != nil {
				return searched{}, err
			}
			return searched{n: n, ids: ids, stop: &w.floor}, nil
		}
		c, a := p.below(w.floor) // below the cursor too: the window starts there
		conds, args := with(p.keys, p.kargs, append([]string{c}, p.index...), a, p.idxArgs)
		more, err := s.indexed(ctx, run, conds, args, page-len(ids))
		if err != nil {
			return searched{}, err
		}
		ids = append(ids, more...)
	}
	return searched{n: n, ids: ids}, nil
}

// searchScan serves a search by the order alone: its first maxScan rows
// (from the top for the count, from the cursor for a later page). When
// more rows follow, the count is "at least" and a page that ends short
// carries on below the last row read.
func (s *Donations) searchScan(ctx context.Context, run runner, p searchPlan, cursor *orderKey, page int) (searched, error) {
	limit := donations.SearchCountCap + 1
	top, err := s.window(ctx, run, p, nil, max(limit, page), s.scanSize())
	if err != nil {
		return searched{}, err
	}
	f := searched{n: int64(len(top.ids)), partial: len(top.ids) < limit && top.deep}
	w := top
	if cursor != nil {
		if w, err = s.window(ctx, run, p, cursor, page, s.scanSize()); err != nil {
			return searched{}, err
		}
	}
	f.ids = w.ids[:min(len(w.ids), page)]
	if len(f.ids) < page && w.deep {
		f.stop = &w.floor
	}
	return f, nil
}

// tooMany says whether the indexes name more than maxCandidates rows below
// k (they are counted up to one more, the rows not read).
func (s *Donations) tooMany(ctx context.Context, run runner, p searchPlan, k orderKey) (bool, error) {
	c, a := p.below(k)
	conds, args := with(p.keys, p.kargs, append([]string{c}, p.cand...), a, p.candArgs)
	n, err := s.countUpTo(ctx, run, conds, args, s.candidateCap()+1)
	return n > int64(s.candidateCap()), err
}

// windowRead is what a window of the order held.
type windowRead struct {
	ids   []int64  // the first matches in it, in order
	floor orderKey // its last row
	deep  bool     // more rows follow it
}

// window reads the window of size rows of the order below cursor (from
// the top when nil) and returns its first n matches. The window is a
// subquery with its own LIMIT, so the scan stops at the n-th match, a few
// rows down for a common word, or at the window's end; only then is the
// window's last row looked up, for the rows below it.
func (s *Donations) window(ctx context.Context, run runner, p searchPlan, cursor *orderKey, n, size int) (windowRead, error) {
	keys, kargs := p.keys, p.kargs
	if cursor != nil {
		c, a := p.below(*cursor)
		keys, kargs = with(keys, kargs, []string{c}, a)
	}
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
	s.bound(int64(size))
	w.ids, err = run.ids(ctx, "SELECT d.id FROM (SELECT d.id, d.received_date, d.search_public, d.amount FROM donations d WHERE "+where(keys)+
		" ORDER BY d.received_date DESC, d.id DESC LIMIT "+strconv.Itoa(size)+") d WHERE "+where(p.scan)+order+" LIMIT "+strconv.Itoa(n),
		cat(kargs, p.scanArgs)...)
	if err != nil || len(w.ids) == n {
		return w, err
	}
	w.floor, w.deep, err = s.floor(ctx, run, keys, kargs, size)
	return w, err
}

// ordered returns the first n rows of conds in the order, read in it.
func (s *Donations) ordered(ctx context.Context, run runner, conds []string, args []any, n int) ([]int64, error) {
	s.bound(int64(n))
	return run.ids(ctx, "SELECT d.id FROM donations d WHERE "+where(conds)+
		" ORDER BY d.received_date DESC, d.id DESC LIMIT "+strconv.Itoa(n), args...)
}

// indexed returns the first n matches of conds in order, found through the
// indexes: the order is written as an expression so that no plan walks the
// (received_date, id) index and filters; the planner then picks among the
// trigram, reference and amount indexes by how few rows they name, and
// sorts those.
func (s *Donations) indexed(ctx context.Context, run runner, conds []string, args []any, n int) ([]int64, error) {
	s.bound(int64(s.candidateCap()))
	return run.ids(ctx, "SELECT d.id FROM donations d WHERE "+where(conds)+
		" ORDER BY d.received_date || '' DESC, d.id + 0 DESC LIMIT "+strconv.Itoa(n), args...)
}

// countUpTo counts the rows of conds, stopping at n.
func (s *Donations) countUpTo(ctx context.Context, run runner, conds []string, args []any, n int) (int64, error) {
	var c int64
	s.bound(int64(n))
	_, err := run.one(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM donations d WHERE "+where(conds)+
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

// publicColumns are what a search page shows of a donation d (funds f
// gives its fund's code): no more of a row than it shows, and nothing
// private (donations.Results).
const publicColumns = `d.id, d.fund_id, f.code, d.public_name, d.channel, d.amount, d.bank_ref, d.received_date, d.earmark,
	d.description, d.receipt_no, d.entry_id, d.status`

// readPublic reads the published fields of the donations where says.
func (s *Donations) readPublic(ctx context.Context, run runner, where string, arg any) ([]donations.Donation, error) {
	var out []donations.Donation
	err := s.scanPublic(ctx, run, "SELECT "+publicColumns+" FROM donations d JOIN funds f ON f.id = d.fund_id WHERE "+where, []any{arg}, nil,
		func(d donations.Donation) { out = append(out, d) })
	if err != nil {
		return nil, fmt.Errorf("read donations: %w", err)
	}
	return out, nil
}

// scanPublic runs query, whose columns are publicColumns and, when more is
// not nil, one integer after them (scanned into more), and passes fn each
// row's donation.
func (s *Donations) scanPublic(ctx context.Context, run runner, query string, args []any, more *int64, fn func(donations.Donation)) error {
	var d donations.Donation
	var channel string
	dest := []any{&d.ID, &d.FundID, &d.FundCode, &d.PublicName, &channel, &d.Amount, &d.BankRef, &d.ReceivedDate, &d.Earmark,
		&d.Description, &d.ReceiptNo, &d.EntryID, &d.Status}
	if more != nil {
		dest = append(dest, more)
	}
	return run.each(ctx, query, args, func(scan func(...any) error) error {
		d = donations.Donation{}
		if err := scan(dest...); err != nil {
			return err
		}
		d.Channel = donations.Channel(channel)
		fn(d)
		return nil
	})
}
