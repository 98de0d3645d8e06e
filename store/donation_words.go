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
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"reliefledger/donations"
	"reliefledger/ledger"
)

// The word index of the public search (migration 0012): donation_words
// lists each donation under each whole word of its search_public, keyed
// (word, received_date, donation_id), so that a word's rows come out newest
// first from its key; donation_word_counts says how many rows each word
// has and which signature bit it has. Each row of donation_words carries
// its donation's signature (migration 0013; 126 bits in two columns
// since 0019): the OR of the bits of its words, so that a walk of one word
// tells from the index entry alone which rows may hold the other searched
// words.

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
// they give each word its signature bit (a new word its wordBit) and say
// which words are paired; each listed row carries its donation's
// signature (migration 0013), and each pair of its paired words is listed
// in donation_word_pairs (migration 0018, donation_pairs.go), after the
// words that reach their pairing here are paired. idx (the database's)
// knows the words met before and the pairing rule.
func (t *Tx) insertWords(rs []wordedRow, idx *wordIndex) error {
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
	version, err := t.pairingVersion()
	if err != nil {
		return err
	}
	infos, err := t.countWords(keys, counts, &idx.cache, version)
	if err != nil {
		return err
	}
	version, pairs, err := t.pairWords(rs, keys, counts, infos, version, idx.ruleOf())
	if err != nil {
		return err
	}
	t.AfterCommit(func() { idx.cache.learn(version, infos) })
	var words []indexRow
	for i, r := range rs {
		var sig signature
		for _, w := range listed[i] {
			sig.add(infos[w].bit)
		}
		for _, w := range listed[i] {
			words = append(words, indexRow{w, "", r.date, r.id, sig})
		}
		pairs = appendPairs(pairs, listed[i], infos, r.date, r.id, sig)
	}
	if err := t.insertIndexRows(wordTable, words); err != nil {
		return fmt.Errorf("insert donation words: %w", err)
	}
	if err := t.insertIndexRows(pairTable, pairs); err != nil {
		return fmt.Errorf("insert donation word pairs: %w", err)
	}
	return nil
}

// indexRow is a row of donation_words (key: the word) or of
// donation_word_pairs (key: the pair, first < second).
type indexRow struct {
	first, second string
	date          ledger.Date
	id            int64
	sig           signature
}

// signature is a donation's signature: the OR of its words' bits, sigBits
// of them, kept in two columns of each index row (migration 0019): sig
// holds bits 0-62 and sig2 bits 63-125, each a bigint with its sign bit
// left alone.
type signature [2]int64

// sigWord is how many bits a signature keeps in one column; sigBits how
// many it has.
const (
	sigWord = 63
	sigBits = 2 * sigWord
)

// add sets bit b.
func (s *signature) add(b int) { s[b/sigWord] |= 1 << (b % sigWord) }

// or is the bits of s and of o.
func (s signature) or(o signature) signature { return signature{s[0] | o[0], s[1] | o[1]} }

// sigCheck is the condition that the walked row w's signature has a bit
// of m, and its arguments.
func sigCheck(m signature) (string, []any) {
	switch {
	case m[1] == 0:
		return "(w.sig & ?) <> 0", []any{m[0]}
	case m[0] == 0:
		return "(w.sig2 & ?) <> 0", []any{m[1]}
	}
	return "((w.sig & ?) <> 0 OR (w.sig2 & ?) <> 0)", []any{m[0], m[1]}
}

// sigColumn is the column that holds bit b, and the bit there.
func sigColumn(b int) (string, int64) {
	if b < sigWord {
		return "sig", 1 << b
	}
	return "sig2", 1 << (b - sigWord)
}

// sharedBits is where the bits shared by several words begin: below it
// each bit is one word's alone, given by how common the words were
// (migrations 0013, 0018 and 0019: the 100 commonest then) or to a word
// when it reaches 100 rows (signAlone), while one is free; a word met
// since takes one of the 26 shared bits by its hash (wordBit). A walk
// trusts a bit of one word's (listing.exact): a common word is checked in
// the index entry, never looked up.
const sharedBits = 100

// wordBit is the signature bit of a word first met by an insert: one of
// the shared bits, by its 32-bit FNV-1a hash. (Migrations 0013, 0018 and
// 0019 gave the words already listed bits by how common they were.)
func wordBit(w string) int {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return sharedBits + int(h%(sigBits-sharedBits))
}

// wordInfo is what a writer knows of a word of donation_word_counts.
type wordInfo struct {
	bit int
	// n is the word's rows: as read, plus what this process listed since
	// (other processes' rows are not seen until read again: n only says
	// when a word reaches its pairing, which may come a little late).
	n      int64
	paired int8 // pairNot, pairYes, pairNever, pairDropped (donation_pairs.go)
}

// bitCache keeps what the writer knows of words of donation_word_counts.
// A word's bit and pairing change only in a journal transaction that
// moves donation_pairing.version on (a word paired, never paired or
// dropped, and given a bit of its own: signAlone), or in a migration
// (0013 and 0018 gave bits by how common words are); a count only adds
// to n, and an insert gives a new word its wordBit. The cache
// learns from the table after the transaction that read it commits, with
// the version it read; a transaction uses it only when its own reading of
// the version is the same, else it reads the words again. It is bounded:
// full, it starts again. A statement run through DB.Exec or a migration
// may rewrite the table: they empty the cache. (Bits rewritten by hand
// under a running process, or by another process's migration, need a
// restart.)
type bitCache struct {
	mu      sync.RWMutex
	m       map[string]wordInfo
	version int64
}

const maxCachedWords = 200000

// lookup returns what the cache knows of words if it knows every one as
// of version.
func (c *bitCache) lookup(words []string, version int64) (map[string]wordInfo, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.version != version {
		return nil, false
	}
	out := make(map[string]wordInfo, len(words))
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

// learn adds what a committed transaction knew of words as of version;
// what was known as of an older version is dropped, and what a
// transaction knew as of an older version than the cache's is not kept.
func (c *bitCache) learn(version int64, infos map[string]wordInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return
	}
	if version > c.version || c.m == nil || len(c.m)+len(infos) > maxCachedWords {
		c.m, c.version = make(map[string]wordInfo, len(infos)), version
	}
	for w, b := range infos {
		c.m[w] = b
	}
}

// wordInfos reads words from donation_word_counts.
func (t *Tx) wordInfos(words []string) (map[string]wordInfo, error) {
	q := `SELECT word, bit, n, paired FROM donation_word_counts WHERE word IN (SELECT value FROM json_each(?))`
	var arg any
	if t.run.pg {
		q, arg = `SELECT word, bit, n, paired FROM donation_word_counts WHERE word = ANY(?::text[])`, words
	} else {
		b, err := json.Marshal(words)
		if err != nil {
			return nil, err
		}
		arg = string(b)
	}
	out := make(map[string]wordInfo, len(words))
	err := t.each(q, []any{arg}, func(scan func(...any) error) error {
		var w string
		var i wordInfo
		err := scan(&w, &i.bit, &i.n, &i.paired)
		out[w] = i
		return err
	})
	return out, err
}

// indexTable is donation_words or donation_word_pairs: its key columns.
type indexTable struct {
	name string
	keys []string // one column (the word) or two (the pair)
}

var (
	wordTable = indexTable{"donation_words", []string{"word"}}
	pairTable = indexTable{"donation_word_pairs", []string{"first", "second"}}
)

// insertIndexRows inserts rows of tab: on PostgreSQL by COPY (copyMin
// rows up) or as arrays queued in the pipeline; on SQLite as one JSON
// array a statement, since a statement a row made recording donations
// half as slow again.
func (t *Tx) insertIndexRows(tab indexTable, ws []indexRow) error {
	if len(ws) == 0 {
		return nil
	}
	k := len(tab.keys)
	cols := append(append([]string(nil), tab.keys...), "received_date", "donation_id", "sig", "sig2")
	key := func(r indexRow) []any {
		if k == 1 {
			return []any{r.first}
		}
		return []any{r.first, r.second}
	}
	if t.pg != nil && len(ws) >= copyMin {
		// In key order: each page of the key's index is visited once, not
		// once a row (a statement's import writes half as fast without).
		days := make(map[ledger.Date]pgtype.Date)
		for _, w := range ws {
			if _, ok := days[w.date]; !ok {
				days[w.date] = pgDate(w.date)
			}
		}
		slices.SortFunc(ws, func(a, b indexRow) int {
			if c := strings.Compare(a.first, b.first); c != 0 {
				return c
			}
			if c := strings.Compare(a.second, b.second); c != 0 {
				return c
			}
			if c := days[a.date].Time.Compare(days[b.date].Time); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		return t.copyFrom(tab.name, cols, len(ws), func(i int, r []any) {
			copy(r, key(ws[i]))
			r[k], r[k+1], r[k+2], r[k+3] = days[ws[i].date], ws[i].id, ws[i].sig[0], ws[i].sig[1]
		})
	}
	rs := make([][]any, len(ws))
	for i, w := range ws {
		rs[i] = append(key(w), w.date, w.id, w.sig[0], w.sig[1])
	}
	types := append(slices.Repeat([]string{"text"}, k), "date", "bigint", "bigint", "bigint")
	if t.pg != nil {
		// Nothing to read back: the statement waits in the pipeline for the
		// next one (no round trip of its own).
		t.queueRows(tab.name, cols, types, rs)
		return nil
	}
	if t.run.pg {
		return t.insertRows(tab.name, cols, types, rs)
	}
	sel := make([]string, len(cols))
	for j := range cols {
		sel[j] = "json_extract(value, '$[" + strconv.Itoa(j) + "]')"
	}
	q := "INSERT INTO " + tab.name + " (" + strings.Join(cols, ", ") + ") SELECT " + strings.Join(sel, ", ") + " FROM json_each(?)"
	for start := 0; start < len(rs); start += 10000 {
		b, err := json.Marshal(rs[start:min(start+10000, len(rs))])
		if err != nil {
			return err
		}
		if _, err := t.exec(q, string(b)); err != nil {
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
	// each word's rows and pairing (donation_pairs.go)
	counts  []int64
	pairing []int8
	bits    []int // each word's signature bit
}

// listings returns the searched words the word index can serve, rarest
// first (commonest first for a test), with the donations recorded so far
// (their newest ID). A word no listed word begins means that no donation
// matches: it is returned alone, standing for no words. The walk must run
// in the snapshot they were read in: a word's bit and pairing may change
// in the next journal transaction.
func (s *Donations) listings(ctx context.Context, run runner, text string) (listed, error) {
	if s.pick == noWord {
		return listed{}, nil
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
		return listed{}, nil
	}
	ls := make([]listing, len(qs))
	var out listed
	var parts []string
	var args []any
	for i, w := range qs {
		ls[i].query = w
		parts = append(parts, "SELECT * FROM (SELECT "+strconv.Itoa(i)+" AS i, word, n, bit, paired FROM donation_word_counts WHERE word >= ? AND word < ? ORDER BY word LIMIT "+
			strconv.Itoa(maxExpansions+1)+") q"+strconv.Itoa(i))
		args = append(args, w, w+"\U0010FFFF")
	}
	parts = append(parts, "SELECT -1, '', COALESCE(MAX(id), 0), 0, 0 FROM donations")
	if run.pg {
		// The walk's planner settings (searchByWord), set as this
		// statement runs: they hold for the statements after it.
		parts = append(parts, "SELECT -2, "+walkSettings+", 0, 0, 0")
		out.planned = true
	}
	s.bound(int64(len(qs)*(maxExpansions+1) + 2))
	err := run.each(ctx, strings.Join(parts, " UNION ALL "), args, func(scan func(...any) error) error {
		var i, bit int
		var word string
		var n int64
		var paired int8
		if err := scan(&i, &word, &n, &bit, &paired); err != nil {
			return err
		}
		switch i {
		case -1:
			out.total = n
			return nil
		case -2:
			return nil
		}
		l := &ls[i]
		l.words, l.rows, l.bits = append(l.words, word), l.rows+n, append(l.bits, bit)
		l.counts, l.pairing = append(l.counts, n), append(l.pairing, paired)
		return nil
	})
	if err != nil {
		return listed{}, fmt.Errorf("search words: %w", err)
	}
	for _, l := range ls {
		if len(l.words) == 0 {
			out.ls = []listing{l}
			return out, nil
		}
		if len(l.words) <= maxExpansions {
			out.ls = append(out.ls, l)
		}
	}
	slices.SortStableFunc(out.ls, func(a, b listing) int {
		if s.pick == commonestWord {
			return cmp.Compare(b.rows, a.rows)
		}
		return cmp.Compare(a.rows, b.rows)
	})
	return out, nil
}

// listed is what listings read: the listings and the donations so far
// (their newest ID); planned says the walk's planner settings are set.
type listed struct {
	ls      []listing
	total   int64
	planned bool
}

// walkSettings sets the walk's planner settings for the rest of the
// transaction (searchByWord says why), and resetSettings sets them back
// for a search that does not walk.
const (
	walkSettings = `set_config('enable_hashjoin', 'off', true) || set_config('enable_sort', 'off', true) ||
		set_config('max_parallel_workers_per_gather', '0', true) || set_config('jit', 'off', true)`
	resetSettings = `SELECT set_config(name, reset_val, true) FROM pg_settings
		WHERE name IN ('enable_hashjoin', 'enable_sort', 'max_parallel_workers_per_gather', 'jit')`
)

// walk is what a search walks through the word index, newest first: a
// query for each key, a word (donation_words) or a pair of words
// (donation_word_pairs), each checking its own other listings on each
// row; their results merged. Together they find every donation holding a
// word of each listing.
type walk struct {
	queries []walkQuery
}

type walkQuery struct {
	table  indexTable
	key    []string // a word, or a pair (first < second)
	rows   int64    // the most rows it may read
	others []listing
}

// pairs says whether the walk reads word pairs.
func (w walk) pairs() bool {
	return slices.ContainsFunc(w.queries, func(q walkQuery) bool { return q.table.name == pairTable.name })
}

// queryCost is what a query costs besides its rows, counted in rows read.
const queryCost = 200

// lookupCost is what looking a walked row up under one word costs,
// counted in rows read: a descent of the word index against the next
// entry of a scan (~8 µs against ~0.4, EXPLAIN in BENCHMARKS.md).
const lookupCost = 20

// rowsCost is what walking n rows costs, counted in rows read, when each
// is checked for the listings others: the rows, and for each listing its
// signature cannot answer (listing.exact) a lookup of each of its words,
// on the rows that passed the checks before it (the signatures first,
// then the lookups in order; as if words were independent, a listing
// holds its share of the total rows). A listing standing for six words
// with shared bits ("ha": ha, hai, hang…) costs six lookups a row; walked
// as a pair instead, it costs none.
func (s *Donations) rowsCost(n int64, others []listing, total int64) int64 {
	share := func(l listing) float64 { return min(1, float64(l.rows)/float64(max(total, 1))) }
	reach := 1.0
	for _, l := range others {
		if s.signed(l) {
			reach *= share(l)
		}
	}
	per := 1.0
	for _, l := range others {
		if !s.signed(l) {
			per += lookupCost * float64(len(s.lookedUp(l))) * reach
			reach *= share(l)
		}
	}
	return int64(float64(n) * per)
}

// walkOf returns how a search by the word index walks it: by default the
// rows of its rarest word (the first listing's dictionary words); when
// those are many (more than a word has before it is paired), whichever
// costs least of that and, for two listings A and B, the pairs of A's
// paired words with B's paired words (a list as short as the combination
// is rare: estimated as if words were independent), with the rows of B's
// words that are not paired (short: a word is paired once it has many),
// each checked for A, and the rows of A's words that are not paired, each
// checked for B. A donation holding a of A and b of B is then found: by
// the pair (a, b) when both are paired, by b's rows when a is paired and
// b is not, by a's rows when a is not. If B has a word neither paired nor
// short (too common ever to be paired), A's words are walked instead. A
// walk that must check each row's donation (p.cut) keeps to one word:
// maxWalk bounds it by the word's count.
func (s *Donations) walkOf(p searchPlan, ls []listing, total int64) walk {
	except := func(i ...int) []listing {
		var out []listing
		for k, l := range ls {
			if !slices.Contains(i, k) {
				out = append(out, l)
			}
		}
		return out
	}
	words := func(i int) (walk, int64) {
		var w walk
		cost := int64(0)
		for k, x := range ls[i].words {
			w.queries = append(w.queries, walkQuery{wordTable, []string{x}, ls[i].counts[k], except(i)})
			cost += s.rowsCost(ls[i].counts[k], except(i), total) + queryCost
		}
		return w, cost
	}
	best, bestCost := words(0)
	from := s.db.words.ruleOf().from
	if s.noPairs || s.pick != rarestWord || p.cut(ls) || ls[0].rows <= from {
		return best
	}
	for i := range ls {
		for j := range ls {
			if i == j || slices.ContainsFunc(ls[i].words, func(x string) bool { return slices.Contains(ls[j].words, x) }) {
				// (A word both stand for, as "la" and "lan" both stand for
				// lan, may be the one word a donation holds of them: no
				// pair lists it.)
				continue
			}
			if w, cost, ok := s.pairWalk(ls, i, j, total, except); ok && (cost < bestCost || s.pairsPreferred && !best.pairs()) {
				best, bestCost = w, cost
			}
		}
	}
	return best
}

// pairWalk is walkOf's walk of listings i (A) and j (B) by their pairs,
// and what it costs; false when none of it would walk a pair.
func (s *Donations) pairWalk(ls []listing, i, j int, total int64, except func(...int) []listing) (walk, int64, bool) {
	a, b := ls[i], ls[j]
	from := s.db.words.ruleOf().from
	for k := range b.words {
		if b.pairing[k] != pairYes && b.counts[k] > from {
			return walk{}, 0, false
		}
	}
	var w walk
	var cost int64
	paired := false
	for ka, x := range a.words {
		if a.pairing[ka] != pairYes {
			w.queries = append(w.queries, walkQuery{wordTable, []string{x}, a.counts[ka], except(i)})
			cost += s.rowsCost(a.counts[ka], except(i), total) + queryCost
			continue
		}
		for kb, y := range b.words {
			if b.pairing[kb] == pairYes {
				paired = true
				w.queries = append(w.queries, walkQuery{pairTable, []string{min(x, y), max(x, y)}, min(a.counts[ka], b.counts[kb]), except(i, j)})
				cost += s.rowsCost(max(1, a.counts[ka]*b.counts[kb]/max(total, 1)), except(i, j), total) + queryCost
			}
		}
	}
	if !paired {
		return walk{}, 0, false
	}
	for kb, y := range b.words {
		if b.pairing[kb] != pairYes {
			w.queries = append(w.queries, walkQuery{wordTable, []string{y}, b.counts[kb], except(j)})
			cost += s.rowsCost(b.counts[kb], except(j), total) + queryCost
		}
	}
	return w, cost, true
}

// byWord returns the first n rows matching p below cursor, walking w's
// keys newest first, one query for each (all in one statement), merged
// here. A query reads the key's rows by its index and keeps a row when its
// signature has a bit of each other searched word (read in the same index
// entry: a maybe), then when the word index holds the row under one of
// that word's dictionary words (an index lookup: the answer). What the
// word index cannot answer (a searched word with a digit or standing for
// too many words, fund, amount, dates) is checked last, on the donation's
// own columns in the received order's covering index. A donation listed under two of the
// walked keys (lan, lanh) comes from two queries; it is kept once. (A walk
// that checks the donation for more than the fund and dates walks no more
// than maxWalk rows: Search sends a search whose walk would be longer
// elsewhere.)
func (s *Donations) byWord(ctx context.Context, run runner, p searchPlan, ls []listing, wk walk, cursor *orderKey, n int) ([]int64, error) {
	// The queries go as one statement (one round trip), each a branch of
	// a UNION ALL that keeps its own order and limit.
	var qs []string
	var args []any
	for i, wq := range wk.queries {
		q, a := s.walkSQL(p, ls, wq, cursor, n)
		qs = append(qs, "SELECT * FROM (SELECT "+epochDays(p.pg, "w.received_date")+" AS days, w.donation_id FROM "+q+") q"+strconv.Itoa(i))
		args = append(args, a...)
	}
	var keys []orderKey
	err := run.each(ctx, strings.Join(qs, " UNION ALL "), args, func(scan func(...any) error) error {
		var k orderKey
		var days int
		err := scan(&days, &k.id)
		k.date = ledger.NewDate(1970, time.January, 1+days)
		keys = append(keys, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search by word: %w", err)
	}
	// Newest first; a donation found by two words comes twice, together.
	slices.SortFunc(keys, func(a, b orderKey) int { return b.compare(a) })
	keys = slices.Compact(keys)
	ids := make([]int64, 0, min(n, len(keys)))
	for _, k := range keys[:min(n, len(keys))] {
		ids = append(ids, k.id)
	}
	return ids, nil
}

// byWordPage is byWord for a walk of one query on PostgreSQL, from the
// top, that also reads the published fields of its first page rows (the
// page's donations) in the same statement: how many of the first n rows
// match, and the page. It saves a search the round trip and the statement
// of the page's read: the walk's rows are numbered in their order (the
// walk's own, so no sort) and only those numbered up to page are joined to
// their donations.
func (s *Donations) byWordPage(ctx context.Context, run runner, p searchPlan, ls []listing, wq walkQuery, n, page int) (int64, []donations.Donation, error) {
	q, args := s.walkSQL(p, ls, wq, nil, n)
	var found int64
	var ds []donations.Donation
	err := s.scanPublic(ctx, run, `SELECT pd.*, w.n FROM (SELECT x.donation_id, row_number() OVER (ORDER BY x.received_date DESC, x.donation_id DESC) AS rn,
		count(*) OVER () AS n FROM (SELECT w.received_date, w.donation_id FROM `+q+`) x) w
		JOIN LATERAL (SELECT `+publicColumns+` FROM donations d JOIN funds f ON f.id = d.fund_id WHERE d.id = w.donation_id AND w.rn <= ?) pd ON true`,
		append(args, page), &found, func(d donations.Donation) { ds = append(ds, d) })
	if err != nil {
		return 0, nil, fmt.Errorf("search by word: %w", err)
	}
	return found, ds, nil
}

// walkSQL is the FROM clause of wq's query, from its table to its LIMIT
// of n (byWord says what it reads).
func (s *Donations) walkSQL(p searchPlan, ls []listing, wq walkQuery, cursor *orderKey, n int) (string, []any) {
	conds, cargs := with(p.keys, p.kargs, p.rest, p.restArgs)
	contains := "strpos(d.search_public, ?) > 0"
	if !p.pg {
		contains = "instr(d.search_public, ?) > 0"
	}
	for _, w := range p.unlisted(ls) {
		conds, cargs = append(conds, contains), append(cargs, " "+w)
	}
	lookup := func(words []string) (string, []any) {
		if len(words) == 1 {
			return exists(p.pg, "donation_words p WHERE p.word = ? AND p.received_date = w.received_date AND p.donation_id = w.donation_id"), []any{words[0]}
		}
		return exists(p.pg, "donation_words p WHERE p.word IN (?) AND p.received_date = w.received_date AND p.donation_id = w.donation_id"), []any{listOf(words)}
	}
	others := wq.others
	s.bound(wq.rows * int64(1+len(others)+min(len(conds), 1)))
	q := wq.table.name + " w WHERE w." + strings.Join(wq.table.keys, " = ? AND w.") + " = ?"
	var args []any
	for _, k := range wq.key {
		args = append(args, k)
	}
	// The signatures first (a bit of the listing's words: maybe),
	// then what they cannot say, a word at a time.
	if !s.noSignatures {
		for _, l := range others {
			alone, shared := l.split()
			c, a := sigCheck(alone.or(shared))
			q += " AND " + c
			args = append(args, a...)
		}
	}
	for _, l := range others {
		rest := s.lookedUp(l)
		if len(rest) == 0 {
			continue // the signature said it
		}
		c, a := lookup(rest)
		if alone, restMask := l.split(); len(rest) < len(l.words) {
			// A bit of one of its words alone says it; only a row
			// without such a bit is looked up, under its other words.
			ca, aa := sigCheck(alone)
			cr, ar := sigCheck(restMask)
			c, a = "("+ca+" OR ("+cr+" AND "+c+"))", cat(aa, ar, a)
		}
		q += " AND " + c
		args = append(args, a...)
	}
	if len(conds) > 0 {
		q += " AND " + exists(p.pg, "donations d WHERE d.received_date = w.received_date AND d.id = w.donation_id AND "+where(conds))
		args = append(args, cargs...)
	}
	if cursor != nil {
		q += " AND (w.received_date, w.donation_id) < (?, ?)"
		args = append(args, cursor.date, cursor.id)
	}
	return q + " ORDER BY w.received_date DESC, w.donation_id DESC LIMIT " + strconv.Itoa(n), args
}

// epochDays is the date column col as days since 1970-01-01: a walk
// returns a row a page, and an integer scans for a fraction of a date.
func epochDays(pg bool, col string) string {
	if pg {
		return col + " - DATE '1970-01-01'"
	}
	return "CAST(julianday(" + col + ") - 2440587.5 AS INTEGER)"
}

// exact says whether a row's signature says for certain if its donation
// holds a word of l: each of l's words has a bit below sharedBits, which
// no other word has (a word gets one by rank, migrations 0013, 0018 and
// 0019, or when it reaches 100 rows, signAlone, and every row of its
// donations gets it then; a new word's bit is one of the shared ones,
// wordBit). The
// listing must have been read in the snapshot walked: a bit moves in a
// journal transaction.
func (l listing) exact() bool {
	return len(l.bits) > 0 && !slices.ContainsFunc(l.bits, func(b int) bool { return b >= sharedBits })
}

// signed says whether a walk checks l by the signature alone: it is exact,
// and signatures are in use (a test turns them off).
func (s *Donations) signed(l listing) bool { return !s.noSignatures && l.exact() }

// split returns the bits of l's words that are theirs alone, and the bits
// of its other words (shared).
func (l listing) split() (alone, shared signature) {
	for _, b := range l.bits {
		if b < sharedBits {
			alone.add(b)
		} else {
			shared.add(b)
		}
	}
	return alone, shared
}

// lookedUp returns the words of l that a walk looks up in the index, on
// the rows whose signature does not say: those without a bit of their
// own (all of them when signatures are not in use).
func (s *Donations) lookedUp(l listing) []string {
	if s.noSignatures {
		return l.words
	}
	var out []string
	for k, w := range l.words {
		if l.bits[k] >= sharedBits {
			out = append(out, w)
		}
	}
	return out
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
// their beginning, a later page a walk of its own from its cursor. run is
// the search's snapshot, in which lv was read (Search).
//
// On PostgreSQL the walk's queries run with hash joins, sorts, parallel
// workers and JIT compiling forbidden: the planner estimates the walked
// word's rows left by the checks at a handful, and for so few it would
// gather the word's rows whole and sort them, where reading them in order
// and stopping at the page costs a fraction (EXPLAIN in BENCHMARKS.md).
// (Before the signatures the other words were joined, and it hashed both
// words whole.) The listings statement sets them (walkSettings), and they
// hold to the end of the search: the page's donations are read by their
// IDs, or with the walk, and sorted in Go.
//
// A first page walked by one query (most are) reads its donations in the
// walk's statement (byWordPage); last says that statement may end the
// snapshot.
func (s *Donations) searchByWord(ctx context.Context, run runner, p searchPlan, lv listed, cursor *orderKey, page int, last bool) (f searched, err error) {
	ls := lv.ls
	if len(ls[0].words) == 0 {
		return searched{}, nil // a searched word stands for none: nothing matches
	}
	wk := s.walkOf(p, ls, lv.total)
	limit := donations.SearchCountCap + 1
	if cursor == nil && p.pg && len(wk.queries) == 1 {
		if last {
			run.lastNext()
		}
		f.n, f.page, err = s.byWordPage(ctx, run, p, ls, wk.queries[0], max(limit, page), page)
		f.paged = true
		for _, d := range f.page {
			f.ids = append(f.ids, d.ID)
		}
		return f, err
	}
	top, err := s.byWord(ctx, run, p, ls, wk, nil, max(limit, page))
	if err != nil {
		return searched{}, err
	}
	f.n = int64(min(len(top), limit))
	if cursor == nil {
		f.ids = top[:min(len(top), page)]
		return f, nil
	}
	f.ids, err = s.byWord(ctx, run, p, ls, wk, cursor, page)
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
