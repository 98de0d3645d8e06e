package store

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"reliefledger/donations"
	"reliefledger/ledger"
)

// WithSearchWindow returns s with the window of its public search set to
// n rows, so that a test's few rows take all of its paths (rows read in
// order, rows found by index, counted by both).
func WithSearchWindow(s *Donations, n int) *Donations {
	c := *s
	c.searchWindow = n
	return &c
}

// WithCommonestWord returns s walking the most common of a search's words
// rather than the rarest.
func WithCommonestWord(s *Donations) *Donations {
	c := *s
	c.pick = commonestWord
	return &c
}

// WithoutSignatures returns s checking a search's other words by the
// word index alone, not first by the walked rows' signatures.
func WithoutSignatures(s *Donations) *Donations {
	c := *s
	c.noSignatures = true
	return &c
}

// WithoutWordIndex returns s searching words by the window and the
// trigram indexes only.
func WithoutWordIndex(s *Donations) *Donations {
	c := *s
	c.pick = noWord
	return &c
}

// WordIndex returns donation_words as "word date id" lines and
// donation_word_counts as "word n" lines, sorted.
func WordIndex(ctx context.Context, db *DB) (words, counts []string, err error) {
	err = db.read.each(ctx, "SELECT word, received_date, donation_id FROM donation_words ORDER BY word, received_date, donation_id", nil,
		func(scan func(...any) error) error {
			var w string
			var d ledger.Date
			var id int64
			err := scan(&w, &d, &id)
			words = append(words, fmt.Sprintf("%s %s %d", w, d, id))
			return err
		})
	if err != nil {
		return nil, nil, err
	}
	err = db.read.each(ctx, "SELECT word, n FROM donation_word_counts ORDER BY word", nil, func(scan func(...any) error) error {
		var w string
		var n int64
		err := scan(&w, &n)
		counts = append(counts, fmt.Sprintf("%s %d", w, n))
		return err
	})
	return words, counts, err
}

// WordSignatureErrors returns the rows of donation_words whose signature
// lacks a bit of their donation's listed words or differs from another
// row's of the same donation, and the number of rows checked.
func WordSignatureErrors(ctx context.Context, db *DB) (bad []string, rows int, err error) {
	bits := map[string]int{}
	err = db.read.each(ctx, "SELECT word, bit FROM donation_word_counts", nil, func(scan func(...any) error) error {
		var w string
		var b int
		err := scan(&w, &b)
		bits[w] = b
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	type row struct {
		word string
		sig  signature
	}
	byDonation := map[int64][]row{}
	err = db.read.each(ctx, "SELECT word, donation_id, sig, sig2 FROM donation_words", nil, func(scan func(...any) error) error {
		var r row
		var id int64
		err := scan(&r.word, &id, &r.sig[0], &r.sig[1])
		byDonation[id] = append(byDonation[id], r)
		rows++
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	for id, rs := range byDonation {
		var want signature
		for _, r := range rs {
			b, ok := bits[r.word]
			if !ok || b < 0 || b >= sigBits {
				bad = append(bad, fmt.Sprintf("%d %s: bit %d", id, r.word, b))
				continue
			}
			want.add(b)
		}
		// Every bit of its words (a word given a bit of its own later left
		// its old bit on its rows: more is allowed, of the shared bits),
		// the same on each row. A bit below sharedBits is one word's alone:
		// a search trusts it (listing.exact), so there it is exactly
		// the words'.
		var alone signature
		for b := range sharedBits {
			alone.add(b)
		}
		for _, r := range rs {
			for i := range r.sig {
				if r.sig[i]&want[i] != want[i] || r.sig[i]&alone[i] != want[i]&alone[i] || r.sig != rs[0].sig {
					bad = append(bad, fmt.Sprintf("%d %s: sig %x, want %x", id, r.word, r.sig, want))
					break
				}
			}
		}
	}
	return bad, rows, nil
}

// WithSearchBounds returns s with the bounds of its search set: rows of
// the order read without an index, rows named by the indexes below the
// window, entries of a walked word.
func WithSearchBounds(s *Donations, scan, candidates, walk int) *Donations {
	c := *s
	c.maxScan, c.maxCandidates, c.maxWalk = scan, candidates, walk
	return &c
}

// WithReadCount returns s adding to n what each search reads: on
// PostgreSQL the rows and index entries of donations and donation_words
// its statements read (the transaction's statistics), on SQLite the most
// its statements may read by their bounds.
func WithReadCount(s *Donations, n *atomic.Int64) *Donations {
	c := *s
	c.reads = n
	return &c
}

// WithoutPairs returns s walking words, never word pairs.
func WithoutPairs(s *Donations) *Donations {
	c := *s
	c.noPairs = true
	return &c
}

// WithPairsPreferred returns s walking word pairs whenever a search can,
// whatever they cost (a test's few rows cost less to walk by word).
func WithPairsPreferred(s *Donations) *Donations {
	c := *s
	c.pairsPreferred = true
	return &c
}

// SetPairRule makes db's writers pair a word from its from-th row when it
// is then in at most one donation in share, and stop pairing it once in
// more than one in drop.
func SetPairRule(db *DB, from, share, drop int64) {
	db.words.rule = pairRule{from: from, share: share, drop: drop, alone: defaultPairRule.alone}
}

// SetAloneFrom sets the rows from which a word takes a signature bit of
// its own (with the pairing rule as it is).
func SetAloneFrom(db *DB, alone int64) {
	r := db.words.ruleOf()
	r.alone = alone
	db.words.rule = r
}

// WalkOf returns the table a search for text walks ("" for none).
func WalkOf(ctx context.Context, s *Donations, text string) (string, error) {
	s = WithPairsPreferred(s)
	lv, err := s.listings(ctx, s.db.read, text)
	if err != nil || len(lv.ls) == 0 || len(lv.ls[0].words) == 0 {
		return "", err
	}
	if s.walkOf(s.plan(donations.Search{Text: text}), lv.ls, lv.total).pairs() {
		return pairTable.name, nil
	}
	return wordTable.name, nil
}

// PairErrors returns what donation_word_pairs lacks or holds too much
// against the pairs of paired words of each donation in donation_words
// (with its signature; the pairs of a word no longer paired may be there
// or not), the number of pairs, and the words' pairing.
func PairErrors(ctx context.Context, db *DB) (bad []string, pairs int, paired map[string]int8, err error) {
	paired = map[string]int8{}
	err = db.read.each(ctx, "SELECT word, paired FROM donation_word_counts", nil, func(scan func(...any) error) error {
		var w string
		var p int8
		err := scan(&w, &p)
		paired[w] = p
		return err
	})
	if err != nil {
		return nil, 0, nil, err
	}
	type don struct {
		date  ledger.Date
		sig   signature
		words []string
	}
	byID := map[int64]*don{}
	err = db.read.each(ctx, "SELECT word, received_date, donation_id, sig, sig2 FROM donation_words ORDER BY word", nil, func(scan func(...any) error) error {
		var w string
		var d ledger.Date
		var id int64
		var sig signature
		if err := scan(&w, &d, &id, &sig[0], &sig[1]); err != nil {
			return err
		}
		if byID[id] == nil {
			byID[id] = &don{date: d, sig: sig}
		}
		if paired[w] == pairYes {
			byID[id].words = append(byID[id].words, w)
		}
		return nil
	})
	if err != nil {
		return nil, 0, nil, err
	}
	want := map[string]bool{}
	for id, d := range byID {
		for i, a := range d.words {
			for _, b := range d.words[i+1:] {
				want[fmt.Sprintf("%s %s %s %d %v", a, b, d.date, id, d.sig)] = true
			}
		}
	}
	err = db.read.each(ctx, "SELECT first, second, received_date, donation_id, sig, sig2 FROM donation_word_pairs", nil, func(scan func(...any) error) error {
		var a, b string
		var d ledger.Date
		var id int64
		var sig signature
		if err := scan(&a, &b, &d, &id, &sig[0], &sig[1]); err != nil {
			return err
		}
		pairs++
		k := fmt.Sprintf("%s %s %s %d %v", a, b, d, id, sig)
		if !want[k] && paired[a] != pairDropped && paired[b] != pairDropped {
			bad = append(bad, "extra: "+k)
		}
		delete(want, k)
		return nil
	})
	for k := range want {
		bad = append(bad, "missing: "+k)
	}
	slices.Sort(bad)
	return bad, pairs, paired, err
}

// WordBits returns each word's signature bit.
func WordBits(ctx context.Context, db *DB) (map[string]int, error) {
	out := map[string]int{}
	err := db.read.each(ctx, "SELECT word, bit FROM donation_word_counts", nil, func(scan func(...any) error) error {
		var w string
		var b int
		err := scan(&w, &b)
		out[w] = b
		return err
	})
	return out, err
}

// WithPlannerSettings returns s calling fn, in each search's snapshot
// once it has found its page, with the planner settings a walk changes
// as they then are (PostgreSQL).
func WithPlannerSettings(s *Donations, fn func(settings string)) *Donations {
	c := *s
	c.found = func(ctx context.Context, run runner) error {
		var v string
		_, err := run.one(ctx, `SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
			WHERE name IN ('enable_hashjoin', 'enable_sort', 'max_parallel_workers_per_gather', 'jit')`, nil, &v)
		fn(v)
		return err
	}
	return &c
}

// WithListed returns s calling fn between each search's listings and its
// walk.
func WithListed(s *Donations, fn func()) *Donations {
	c := *s
	c.listed = fn
	return &c
}
