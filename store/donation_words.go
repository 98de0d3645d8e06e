package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgtype"

	"reliefledger/donations"
	"reliefledger/ledger"
)

// The word index of the public search (migration 0012): donation_words
// lists each donation under each whole word of its search_public, keyed
// (word, received_date, donation_id), so that a word's rows come out newest
// first from its key; donation_word_counts says how many rows each word
// has and which signature bit it has. Each row of donation_words carries
// its donation's signature (migration 0013): the OR of the bits of its
// words, so that a walk of one word tells from the index entry alone
// which rows may hold the other searched words.

// listedWord is what donation_words lists of a word of search_public: the
// word up to its first digit or mask ("ctlnhidi0007***24" is listed as
// "ctlnhidi"; "0937****54" not at all). A searched word without digits
// starts a word exactly when it starts the word's listed part, so the
// index answers such words exactly; a phone or account fragment, nearly
// unique, would double the dictionary for searches nobody types, and a
// searched word with a digit keeps the trigram path. Migration 0012
// applies the same rule in SQL.
func listedWord(w string) string {
	if i := strings.IndexAny(w, listedStop); i >= 0 {
		return w[:i]
	}
	return w
}

const listedStop = "0123456789*"

// listedWords returns the distinct listed words of a search_public text.
func listedWords(searchPublic string) []string {
	var out []string
	for _, w := range strings.Fields(searchPublic) {
		if l := listedWord(w); l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// wordedRow is what the word index needs of a donation.
type wordedRow struct {
	id     int64
	date   ledger.Date
	public string // search_public
}

// insertWords lists the words of rows, in the transaction that records
// (or backfills) them, and adds them to the counts. The counts come first:
// they give each word its signature bit (a new word its wordBit), and each
// listed row carries its donation's signature (migration 0013). cache,
// when not nil, knows the bits of words met before.
func (t *Tx) insertWords(rs []wordedRow, cache *bitCache) error {
	counts := map[string]int64{}
	listed := make([][]string, len(rs))
	for i, r := range rs {
		listed[i] = listedWords(r.public)
		for _, w := range listed[i] {
			counts[w]++
		}
	}
	if len(counts) == 0 {
		return nil
	}
	// Sorted, so that two writers (there is one: the journal serialises
	// them) would lock the counts in the same order.
	keys := make([]string, 0, len(counts))
	for w := range counts {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	bits, err := t.countWords(keys, counts, cache)
	if err != nil {
		return err
	}
	var words []wordRow
	for i, r := range rs {
		var sig int64
		for _, w := range listed[i] {
			sig |= 1 << bits[w]
		}
		for _, w := range listed[i] {
			words = append(words, wordRow{w, r.date, r.id, sig})
		}
	}
	if err := t.insertWordRows(words); err != nil {
		return fmt.Errorf("insert donation words: %w", err)
	}
	return nil
}

// wordRow is a row of donation_words.
type wordRow struct {
	word string
	date ledger.Date
	id   int64
	sig  int64
}

// sigBits is how many bits a signature has: 63, the sign bit left alone.
const sigBits = 63

// sharedBits is where the bits shared by several words begin: migration
// 0013 gave the 63 commonest words a bit each and the others bits from
// sharedBits up, so that no word shares the bit of one of the 13 commonest
// (in every row, some of them: a word sharing it would be a maybe on
// every row).
const sharedBits = 13

// wordBit is the signature bit of a word first met by an insert: one of
// the shared bits, by its 32-bit FNV-1a hash. (Migration 0013 gave the
// words already listed bits by how common they were.)
func wordBit(w string) int {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return sharedBits + int(h%(sigBits-sharedBits))
}

// bitCache keeps the signature bits of words known to
// donation_word_counts. A word's bit never changes once its row is there
// (an insert gives a new word its bit; a count only adds to n; only
// migration 0013 set bits, before any insert): the cache learns bits from
// the table, after the transaction that read them commits, and a word it
// does not know is read from the table. It is bounded: full, it starts
// again. A statement run through DB.Exec or a migration may rewrite the
// table: they empty the cache. (Bits rewritten by hand under a running
// process, or by another process's migration, need a restart.)
type bitCache struct {
	mu sync.RWMutex
	m  map[string]int
}

const maxCachedWords = 200000

// lookup returns the bits of words if it knows every one.
func (c *bitCache) lookup(words []string) (map[string]int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make(map[string]int, len(words))
	for _, w := range words {
		b, ok := c.m[w]
		if !ok {
			return nil, false
		}
		out[w] = b
	}
	return out, true
}

// forget empties the cache.
func (c *bitCache) forget() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// learn adds bits read from donation_word_counts.
func (c *bitCache) learn(bits map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m)+len(bits) > maxCachedWords {
		c.m = make(map[string]int, len(bits))
	}
	for w, b := range bits {
		c.m[w] = b
	}
}

// wordBits reads the signature bits of words from donation_word_counts.
func (t *Tx) wordBits(words []string) (map[string]int, error) {
	q := `SELECT word, bit FROM donation_word_counts WHERE word IN (SELECT value FROM json_each(?))`
	var arg any
	if t.run.pg {
		q, arg = `SELECT word, bit FROM donation_word_counts WHERE word = ANY(?::text[])`, words
	} else {
		b, err := json.Marshal(words)
		if err != nil {
			return nil, err
		}
		arg = string(b)
	}
	out := make(map[string]int, len(words))
	err := t.each(q, []any{arg}, func(scan func(...any) error) error {
		var w string
		var bit int
		err := scan(&w, &bit)
		out[w] = bit
		return err
	})
	return out, err
}

// insertWordRows inserts rows of donation_words: on PostgreSQL by COPY
// (copyMin rows up) or as arrays (insertRows); on SQLite as one JSON array
// a statement, since a statement a row (insertRows there) made recording
// donations half as slow again.
func (t *Tx) insertWordRows(ws []wordRow) error {
	cols := []string{"word", "received_date", "donation_id", "sig"}
	if t.pg != nil && len(ws) >= copyMin {
		// In key order: each page of the key's index is visited once, not
		// once a row (a statement's import writes half as fast without).
		days := make(map[ledger.Date]pgtype.Date)
		for _, w := range ws {
			if _, ok := days[w.date]; !ok {
				days[w.date] = pgDate(w.date)
			}
		}
		slices.SortFunc(ws, func(a, b wordRow) int {
			if c := strings.Compare(a.word, b.word); c != 0 {
				return c
			}
			if c := days[a.date].Time.Compare(days[b.date].Time); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		return t.copyFrom("donation_words", cols, len(ws), func(i int, r []any) {
			r[0], r[1], r[2], r[3] = ws[i].word, days[ws[i].date], ws[i].id, ws[i].sig
		})
	}
	rs := make([][]any, len(ws))
	for i, w := range ws {
		rs[i] = []any{w.word, w.date, w.id, w.sig}
	}
	if t.pg != nil && len(rs) > 0 {
		// Nothing to read back: the statement waits in the pipeline for the
		// next one (no round trip of its own).
		t.queueRows("donation_words", cols, []string{"text", "date", "bigint", "bigint"}, rs)
		return nil
	}
	if t.run.pg || len(rs) == 0 {
		return t.insertRows("donation_words", cols, []string{"text", "date", "bigint", "bigint"}, rs)
	}
	for start := 0; start < len(rs); start += 10000 {
		b, err := json.Marshal(rs[start:min(start+10000, len(rs))])
		if err != nil {
			return err
		}
		if _, err := t.exec(`INSERT INTO donation_words (word, received_date, donation_id, sig)
			SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)`, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// maxExpansions is how many dictionary words a searched word may stand
// for (it matches every word it starts: "lan" is lan, lang, lanh); each is
// walked by a query of its own. A shorter prefix than that ("n", "th") is
// only checked on rows found by another word, or the search takes the
// trigram path.
const maxExpansions = 8

// wordPick is how a search picks the word it walks.
type wordPick int

const (
	rarestWord    wordPick = iota
	commonestWord          // tests: the choice must not change results
	noWord                 // tests: the trigram path alone
)

// listing is a searched word as the dictionary knows it: the dictionary
// words it stands for, and how many rows they hold together.
type listing struct {
	query string // the searched word
	words []string
	rows  int64
	mask  int64 // the words' signature bits
}

// listings returns the searched words the word index can serve, rarest
// first (commonest first for a test). A word no listed word begins means
// that no donation matches: it is returned alone, standing for no words.
func (s *Donations) listings(ctx context.Context, run runner, text string) ([]listing, error) {
	if s.pick == noWord {
		return nil, nil
	}
	// One query for all the searched words: a UNION ALL of each word's
	// key range.
	var qs []string
	for _, w := range strings.Fields(text) {
		if !strings.ContainsAny(w, listedStop) && !slices.Contains(qs, w) {
			qs = append(qs, w)
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	ls := make([]listing, len(qs))
	var parts []string
	var args []any
	for i, w := range qs {
		ls[i].query = w
		parts = append(parts, "SELECT * FROM (SELECT "+strconv.Itoa(i)+" AS i, word, n, bit FROM donation_word_counts WHERE word >= ? AND word < ? ORDER BY word LIMIT "+
			strconv.Itoa(maxExpansions+1)+") q"+strconv.Itoa(i))
		args = append(args, w, w+"\U0010FFFF")
	}
	s.bound(int64(len(qs) * (maxExpansions + 1)))
	err := run.each(ctx, strings.Join(parts, " UNION ALL "), args, func(scan func(...any) error) error {
		var i, bit int
		var word string
		var n int64
		if err := scan(&i, &word, &n, &bit); err != nil {
			return err
		}
		l := &ls[i]
		l.words, l.rows, l.mask = append(l.words, word), l.rows+n, l.mask|1<<bit
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search words: %w", err)
	}
	var out []listing
	for _, l := range ls {
		if len(l.words) == 0 {
			return []listing{l}, nil
		}
		if len(l.words) <= maxExpansions {
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b listing) int {
		if s.pick == commonestWord {
			return cmp.Compare(b.rows, a.rows)
		}
		return cmp.Compare(a.rows, b.rows)
	})
	return out, nil
}

// byWord returns the first n rows matching p below cursor, walking the
// first listing's words newest first, one query for each word, merged
// here. A query reads the word's rows by the word index and keeps a row
// when its signature has a bit of each other searched word (read in the
// same index entry: a maybe), then when the word index holds the row under
// one of that word's dictionary words (an index lookup: the answer). What
// the word index cannot answer (a searched word with a digit or standing
// for too many words, fund, amount, dates) is checked last, on the
// donation's own columns in the received order's covering index. A
// donation listed under two of the walked words (lan, lanh) comes from
// two queries; it is kept once. (A walk that checks the donation for more
// than the fund and dates walks no more than maxWalk rows: Search sends
// a search whose walk would be longer elsewhere.)
func (s *Donations) byWord(ctx context.Context, run runner, p searchPlan, ls []listing, cursor *orderKey, n int) ([]int64, error) {
	walk, others := ls[0], ls[1:]
	conds, cargs := with(p.keys, p.kargs, p.rest, p.restArgs)
	contains := "strpos(d.search_public, ?) > 0"
	if !p.pg {
		contains = "instr(d.search_public, ?) > 0"
	}
	for _, w := range p.unlisted(ls) {
		conds, cargs = append(conds, contains), append(cargs, " "+w)
	}
	s.bound(walk.rows * int64(1+len(others)+min(len(conds), 1)))
	var keys []orderKey
	for _, w := range walk.words {
		q := "SELECT w.received_date, w.donation_id FROM donation_words w WHERE w.word = ?"
		args := []any{w}
		if !s.noSignatures {
			for _, l := range others {
				q += " AND (w.sig & ?) <> 0"
				args = append(args, l.mask)
			}
		}
		for _, l := range others {
			if len(l.words) == 1 {
				q += " AND " + exists(p.pg, "donation_words p WHERE p.word = ? AND p.received_date = w.received_date AND p.donation_id = w.donation_id")
				args = append(args, l.words[0])
			} else {
				q += " AND " + exists(p.pg, "donation_words p WHERE p.word IN (?) AND p.received_date = w.received_date AND p.donation_id = w.donation_id")
				args = append(args, listOf(l.words))
			}
		}
		if len(conds) > 0 {
			q += " AND " + exists(p.pg, "donations d WHERE d.received_date = w.received_date AND d.id = w.donation_id AND "+where(conds))
			args = append(args, cargs...)
		}
		if cursor != nil {
			q += " AND (w.received_date, w.donation_id) < (?, ?)"
			args = append(args, cursor.date, cursor.id)
		}
		q += " ORDER BY w.received_date DESC, w.donation_id DESC LIMIT " + strconv.Itoa(n)
		err := run.each(ctx, q, args, func(scan func(...any) error) error {
			var k orderKey
			err := scan(&k.date, &k.id)
			keys = append(keys, k)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("search by word: %w", err)
		}
	}
	// Newest first; a donation found by two words comes twice, together.
	slices.SortFunc(keys, func(a, b orderKey) int {
		if a.date != b.date {
			if a.date.Before(b.date) {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.id, a.id)
	})
	keys = slices.Compact(keys)
	ids := make([]int64, 0, min(n, len(keys)))
	for _, k := range keys[:min(n, len(keys))] {
		ids = append(ids, k.id)
	}
	return ids, nil
}

// unlisted returns the searched words the listings ls do not serve: a
// word with a digit, or standing for too many dictionary words.
func (p searchPlan) unlisted(ls []listing) []string {
	var out []string
	for _, w := range p.words {
		if !slices.ContainsFunc(ls, func(l listing) bool { return l.query == w }) {
			out = append(out, w)
		}
	}
	return out
}

// cut says whether a walk of ls must check conditions on each row's
// donation that are not the fund or dates, so that it may walk no more
// than maxWalk entries.
func (p searchPlan) cut(ls []listing) bool {
	return len(p.rest) > 0 || len(p.unlisted(ls)) > 0
}

// searchByWord serves a search with words through the word index: the
// count is the first SearchCountCap+1 matches from the top, a first page
// their beginning, a later page a walk of its own from its cursor.
//
// On PostgreSQL the queries run in one read-only snapshot that forbids
// hash joins, sorts, parallel workers and JIT compiling: the planner
// estimates the walked word's rows left by the checks at a handful, and
// for so few it would gather the word's rows whole and sort them, where
// reading them in order and stopping at the page costs a fraction
// (EXPLAIN in BENCHMARKS.md). (Before the signatures the other words were
// joined, and it hashed both words whole.)
func (s *Donations) searchByWord(ctx context.Context, run runner, p searchPlan, ls []listing, cursor *orderKey, page int) (f searched, err error) {
	if len(ls[0].words) == 0 {
		return searched{}, nil
	}
	search := func(run runner) error {
		limit := donations.SearchCountCap + 1
		top, err := s.byWord(ctx, run, p, ls, nil, max(limit, page))
		if err != nil {
			return err
		}
		f.n = int64(min(len(top), limit))
		if cursor == nil {
			f.ids = top[:min(len(top), page)]
			return nil
		}
		f.ids, err = s.byWord(ctx, run, p, ls, cursor, page)
		return err
	}
	settings := func(r runner) error {
		if _, err := r.exec(ctx, `SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_sort', 'off', true),
			set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`); err != nil {
			return fmt.Errorf("search by word: %w", err)
		}
		return nil
	}
	switch {
	case !p.pg:
		err = search(run)
	case s.reads != nil: // already in a transaction, counted
		if err = settings(run); err == nil {
			err = search(run)
		}
	default:
		err = s.db.inSnapshot(ctx, func(r runner) error {
			if err := settings(r); err != nil {
				return err
			}
			return search(r)
		})
	}
	return f, err
}

// exists is the condition that the rows of from (a FROM clause with its
// WHERE) are not none, checked for each row of the walk. On PostgreSQL it
// is a scalar subquery, which the planner never flattens: flattened (as
// it does an EXISTS), it is a join whose size the planner underestimates
// by orders of magnitude, and it reads the whole word in any order instead
// of stopping at the page.
func exists(pg bool, from string) string {
	if pg {
		return "(SELECT true FROM " + from + " LIMIT 1)"
	}
	return "EXISTS (SELECT 1 FROM " + from + ")"
}
