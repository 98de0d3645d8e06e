package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"reliefledger/ledger"
)

// The word pairs of the public search (migration 0018). A full name of
// words each common but rare together ("pham quoc nghia") walked its
// rarest word's rows to their end to find and count its few donations.
// donation_word_pairs lists each donation under each pair of its paired
// words, so that such a search walks a pair's rows instead: a list as
// short as the combination is rare (donation_search.go, pairWalk).
//
// A word is paired from the transaction that lists it for the pairFrom-th
// time, unless it is then in more than one donation in pairShare (a word
// in every other row, "ung" or "nguyen", would give pairs as long as the
// other word's own list, at a row a pair a donation): such a word is
// never paired; a paired word later in more than one donation in drop is
// no longer paired. The transaction that pairs a word lists its pairs
// with the words already paired on every donation recorded before, so
// every donation is listed under every pair of its words that are both
// paired, and a pair's walk finds exactly the donations holding both
// words. A word's pairing changes at most twice (0 to 1 or 2, 1 to 3) and
// only in a journal transaction (the journal head serialises them across
// processes), which moves donation_pairing.version on: a writer's cache
// of the pairing is used only while the version it read in its own
// transaction is the cache's. (A search that read a word as paired just
// before it was dropped may miss the donations recorded since: recorded
// while it searched.)

// A word's pairing, donation_word_counts.paired.
const (
	pairNot     int8 = 0 // not yet listed pairFrom times
	pairYes     int8 = 1
	pairNever   int8 = 2 // too common when it reached pairFrom
	pairDropped int8 = 3 // paired, then grew too common: no longer paired
)

// pairRule is when words are paired: the defaults are the migration's.
type pairRule struct {
	from  int64 // rows from which a word is paired
	share int64 // ... when in at most one donation in share
	// drop: a paired word found in more than one donation in drop is no
	// longer paired (its pairs so far stay, unused): a word rare when it
	// reached from may grow common as an appeal goes on ("covid" in the
	// texts of a later month), and would then add a pair to nearly every
	// donation.
	drop int64
	// alone: a word reaching this many rows takes a signature bit of its
	// own while one is free (signAlone).
	alone int64
}

var defaultPairRule = pairRule{from: 1000, share: 12, drop: 8, alone: 100}

// wordIndex is what a database's writers keep of the word index: the
// cache of words, the rule of their pairing.
type wordIndex struct {
	cache bitCache
	rule  pairRule
}

// ruleOf returns the rule in force (the default unless a test set one).
func (x *wordIndex) ruleOf() pairRule {
	if x.rule.from > 0 {
		return x.rule
	}
	return defaultPairRule
}

const sqlPairingVersion = `SELECT version FROM donation_pairing`

// pairingVersion returns donation_pairing.version as this transaction
// reads it (once: a journal transaction holds the head, and only journal
// transactions move it).
func (t *Tx) pairingVersion() (int64, error) {
	if t.pairing != nil {
		return *t.pairing, nil
	}
	var v int64
	if _, err := t.one(sqlPairingVersion, nil, &v); err != nil {
		return 0, fmt.Errorf("read word pairing: %w", err)
	}
	t.pairing = &v
	return v, nil
}

// pairWords pairs the words of keys that reach their pairing with this
// transaction's rows rs (or marks them never paired), and gives those
// that reach it or rule.alone rows (counts are rs's) a signature bit of
// their own while one is free, updating infos; it returns the pairing's
// version after it (moved on by any of these) and the pairs the newly
// paired words make on donations recorded before rs.
func (t *Tx) pairWords(rs []wordedRow, keys []string, counts map[string]int64, infos map[string]wordInfo, version int64, rule pairRule) (int64, []indexRow, error) {
	// The donations so far, as far as this transaction knows: its newest.
	var newest int64
	for _, r := range rs {
		newest = max(newest, r.id)
	}
	var due, drop, grown []string
	for _, w := range keys {
		switch i := infos[w]; {
		case i.paired == pairNot && i.n >= rule.from:
			due = append(due, w)
		case i.paired == pairYes && i.n*rule.drop > newest:
			drop = append(drop, w)
		}
		if i := infos[w]; i.bit >= sharedBits && i.n >= rule.alone && i.n-counts[w] < rule.alone {
			grown = append(grown, w)
		}
	}
	if len(due) == 0 && len(drop) == 0 && len(grown) == 0 {
		return version, nil, nil
	}
	changed := false
	if len(drop) > 0 {
		// Judged again on the table: n there, and the newest donation of
		// all (a backfill's rows are the oldest).
		err := t.each(`UPDATE donation_word_counts SET paired = ? WHERE word IN (?) AND paired = ?
			AND n * ? > (SELECT COALESCE(MAX(id), 0) FROM donations) RETURNING word`, []any{pairDropped, listOf(drop), pairYes, rule.drop},
			func(scan func(...any) error) error {
				var w string
				if err := scan(&w); err != nil {
					return err
				}
				i := infos[w]
				i.paired = pairDropped
				infos[w] = i
				changed = true
				return nil
			})
		if err != nil {
			return 0, nil, fmt.Errorf("drop donation word pairs: %w", err)
		}
	}
	// n is the word's rows counted in this transaction (infos may have
	// missed other processes' rows: the table's n decides); the donations
	// so far are counted by their newest ID.
	var paired, never []string
	if len(due) > 0 {
		err := t.each(`UPDATE donation_word_counts SET paired = CASE WHEN n * ? <= (SELECT COALESCE(MAX(id), 0) FROM donations) THEN 1 ELSE 2 END
		WHERE word IN (?) AND paired = 0 AND n >= ? RETURNING word, paired`, []any{rule.share, listOf(due), rule.from},
			func(scan func(...any) error) error {
				var w string
				var p int8
				if err := scan(&w, &p); err != nil {
					return err
				}
				i := infos[w]
				i.paired = p
				infos[w] = i
				switch p {
				case pairYes:
					paired = append(paired, w)
				case pairNever:
					never = append(never, w)
				}
				changed = true
				return nil
			})
		if err != nil {
			return 0, nil, fmt.Errorf("pair donation words: %w", err)
		}
	}
	moved, err := t.signAlone(slices.Concat(never, paired, grown), infos)
	if err != nil {
		return 0, nil, fmt.Errorf("sign donation words: %w", err)
	}
	if !changed && !moved {
		return version, nil, nil
	}
	version++
	if _, err := t.exec(`UPDATE donation_pairing SET version = ?`, version); err != nil {
		return 0, nil, fmt.Errorf("pair donation words: %w", err)
	}
	*t.pairing = version
	if len(paired) == 0 {
		return version, nil, nil
	}
	mine := make(map[int64]bool, len(rs))
	for _, r := range rs {
		mine[r.id] = true
	}
	before, err := t.pairsBefore(paired, mine)
	if err != nil {
		return 0, nil, fmt.Errorf("pair donation words: %w", err)
	}
	return version, before, nil
}

// signAlone gives words a signature bit of their own, while one of the
// bits below sharedBits is free, the commonest first, and adds it to the
// signature of every row of their donations so far (a search that read
// the old bit still finds them; the rows of this transaction are signed
// with infos after); moved says whether a word got one. A word takes one
// when it reaches pairRule.alone rows (100: the first words to get there
// are the commonest), or its pairing if it could not then. A word met
// since the last migration has a shared bit, by its hash: a common word
// spoils the bit it shares (every row holding another word of that bit is
// a "maybe" for it), and a walk must look a word of a shared bit up in the
// index, row by row (20 times a row's cost), where it trusts a bit of one
// word's (listing.exact). The rows to sign again are those of about a
// hundred donations.
func (t *Tx) signAlone(words []string, infos map[string]wordInfo) (moved bool, err error) {
	// A word alone already (a migration ranked it) keeps its bit: moved,
	// it would leave that bit on its rows for the next word given it, and a
	// search trusts such a bit (listing.exact).
	words = slices.DeleteFunc(words, func(w string) bool { return infos[w].bit < sharedBits })
	if len(words) == 0 {
		return false, nil
	}
	used := map[int]bool{}
	err = t.each(`SELECT DISTINCT bit FROM donation_word_counts WHERE bit < ?`, []any{sharedBits}, func(scan func(...any) error) error {
		var b int
		err := scan(&b)
		used[b] = true
		return err
	})
	if err != nil {
		return false, err
	}
	slices.SortStableFunc(words, func(a, b string) int { return cmp.Compare(infos[b].n, infos[a].n) })
	free := 0
	for _, w := range words {
		if infos[w].bit < sharedBits {
			continue // named twice (paired, and grown), given one already
		}
		for free < sharedBits && used[free] {
			free++
		}
		if free == sharedBits {
			return moved, nil
		}
		used[free] = true
		if _, err := t.exec(`UPDATE donation_word_counts SET bit = ? WHERE word = ?`, free, w); err != nil {
			return moved, err
		}
		if err := t.signRows(w, free); err != nil {
			return moved, err
		}
		i := infos[w]
		i.bit = free
		infos[w] = i
		moved = true
	}
	return moved, nil
}

// signRows adds bit b to the signature of every index row of the
// donations holding w so far: their words' rows and their pairs' rows,
// each updated by its key (the donations' words are read from their
// search_public: neither table has an index by donation), a statement a
// row in one round trip. (A pair of a word paired in this transaction is
// listed after, with the signature then.)
func (t *Tx) signRows(w string, b int) error {
	var rs []wordedRow
	err := t.each(`SELECT d.id, d.received_date, d.search_public FROM donation_words w JOIN donations d ON d.id = w.donation_id
		WHERE w.word = ?`, []any{w}, func(scan func(...any) error) error {
		var r wordedRow
		err := scan(&r.id, &r.date, &r.public)
		rs = append(rs, r)
		return err
	})
	if err != nil || len(rs) == 0 {
		return err
	}
	listed, infos, err := t.listedWithInfos(rs)
	if err != nil {
		return err
	}
	col, bit := sigColumn(b)
	var words, pairs [][]any
	for i, r := range rs {
		for _, x := range listed[i] {
			words = append(words, []any{bit, x, r.date, r.id})
		}
		for _, p := range pairsOf(listed[i], infos) {
			pairs = append(pairs, []any{bit, p[0], p[1], r.date, r.id})
		}
	}
	set := `SET ` + col + ` = ` + col + ` | ? WHERE `
	for _, u := range []struct {
		q  string
		rs [][]any
	}{
		{`UPDATE donation_words ` + set + `word = ? AND received_date = ? AND donation_id = ?`, words},
		{`UPDATE donation_word_pairs ` + set + `first = ? AND second = ? AND received_date = ? AND donation_id = ?`, pairs},
	} {
		if len(u.rs) == 0 {
			continue
		}
		q, _ := bind(t.run.pg, u.q, u.rs[0])
		if err := t.run.c.execEach(t.ctx, q, u.rs); err != nil {
			return fmt.Errorf("sign the rows of %q again: %w", w, err)
		}
	}
	return nil
}

// listedWithInfos returns the listed words of each of rs, and what the
// table says of them all.
func (t *Tx) listedWithInfos(rs []wordedRow) ([][]string, map[string]wordInfo, error) {
	listed := make([][]string, len(rs))
	var words []string
	known := map[string]bool{}
	for i, r := range rs {
		listed[i] = listedWords(r.public)
		for _, w := range listed[i] {
			if !known[w] {
				known[w] = true
				words = append(words, w)
			}
		}
	}
	infos, err := t.wordInfos(words)
	return listed, infos, err
}

// pairsBefore returns the pairs that the newly paired words make with the
// paired words (themselves included) on the donations recorded before
// this transaction (those of skip are its own): each donation holding one
// of them is read, and its words' pairing looked up.
func (t *Tx) pairsBefore(newly []string, skip map[int64]bool) ([]indexRow, error) {
	var rs []wordedRow
	var sigs []signature
	seen := map[int64]bool{}
	err := t.each(`SELECT d.id, d.received_date, d.search_public, w.sig, w.sig2 FROM donation_words w JOIN donations d ON d.id = w.donation_id
		WHERE w.word IN (?)`, []any{listOf(newly)}, func(scan func(...any) error) error {
		var r wordedRow
		var sig signature
		if err := scan(&r.id, &r.date, &r.public, &sig[0], &sig[1]); err != nil {
			return err
		}
		if !skip[r.id] && !seen[r.id] {
			seen[r.id] = true
			rs, sigs = append(rs, r), append(sigs, sig)
		}
		return nil
	})
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	listed, infos, err := t.listedWithInfos(rs)
	if err != nil {
		return nil, err
	}
	isNew := make(map[string]bool, len(newly))
	for _, w := range newly {
		isNew[w] = true
	}
	var out []indexRow
	for i, r := range rs {
		for _, p := range pairsOf(listed[i], infos) {
			if isNew[p[0]] || isNew[p[1]] {
				out = append(out, indexRow{p[0], p[1], r.date, r.id, sigs[i]})
			}
		}
	}
	return out, nil
}

// pairsOf returns the pairs (first < second) of the paired words of a
// donation's listed words.
func pairsOf(listed []string, infos map[string]wordInfo) [][2]string {
	var ws []string
	for _, w := range listed {
		if infos[w].paired == pairYes {
			ws = append(ws, w)
		}
	}
	if len(ws) < 2 {
		return nil
	}
	slices.SortFunc(ws, strings.Compare)
	out := make([][2]string, 0, len(ws)*(len(ws)-1)/2)
	for i := range ws {
		for _, b := range ws[i+1:] {
			out = append(out, [2]string{ws[i], b})
		}
	}
	return out
}

// appendPairs appends a donation's pair rows.
func appendPairs(rows []indexRow, listed []string, infos map[string]wordInfo, date ledger.Date, id int64, sig signature) []indexRow {
	for _, p := range pairsOf(listed, infos) {
		rows = append(rows, indexRow{p[0], p[1], date, id, sig})
	}
	return rows
}
