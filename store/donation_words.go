package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"reliefledger/donations"
	"reliefledger/ledger"
)

// The word index of the public search (migration 0012): donation_words
// lists each donation under each whole word of its search_public, keyed
// (word, received_date, donation_id), so that a word's rows come out newest
// first from its key; donation_word_counts says how many rows each word
// has.

// indexedWord says whether a word of search_public is listed: a word with
// a digit or a mask (a phone or account fragment) is nearly unique, and
// listing them would double the dictionary for searches nobody types.
// Migration 0012 applies the same rule in SQL.
func indexedWord(w string) bool {
	return w != "" && !strings.ContainsAny(w, "0123456789*")
}

// listedWords returns the distinct listed words of a search_public text.
func listedWords(searchPublic string) []string {
	var out []string
	for _, w := range strings.Fields(searchPublic) {
		if indexedWord(w) && !slices.Contains(out, w) {
			out = append(out, w)
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
// (or backfills) them, and adds them to the counts.
func (t *Tx) insertWords(rs []wordedRow) error {
	var words [][]any
	counts := map[string]int64{}
	for _, r := range rs {
		for _, w := range listedWords(r.public) {
			words = append(words, []any{w, r.date.String(), r.id})
			counts[w]++
		}
	}
	if err := t.insertRows("donation_words", []string{"word", "received_date", "donation_id"}, []string{"text", "date", "bigint"}, words); err != nil {
		return fmt.Errorf("insert donation words: %w", err)
	}
	// Sorted, so that two writers (there is one: the journal serialises
	// them) would lock the counts in the same order.
	keys := make([]string, 0, len(counts))
	for w := range counts {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	cs := make([][]any, len(keys))
	for i, w := range keys {
		cs[i] = []any{w, counts[w]}
	}
	err := t.run.insertRows(t.ctx, "donation_word_counts", []string{"word", "n"}, []string{"text", "bigint"}, cs,
		" ON CONFLICT (word) DO UPDATE SET n = donation_word_counts.n + excluded.n")
	if err != nil {
		return fmt.Errorf("count donation words: %w", err)
	}
	return nil
}

// maxExpansions is how many dictionary words a searched word may stand
// for (it matches every word it starts: "lan" is lan, lang, lanh); a
// shorter prefix than that ("n", "th") is only checked on rows found by
// another word, or the search takes the trigram path.
const maxExpansions = 32

// wordPick is how a search picks the word it walks.
type wordPick int

const (
	rarestWord    wordPick = iota
	commonestWord          // tests: the choice must not change results
	noWord                 // tests: the trigram path alone
)

// driver is the word a search walks: the dictionary words its searched
// word stands for, and how many rows they hold together.
type driver struct {
	words []string
	rows  int64
}

// pickDriver returns the rarest of the searched words as the dictionary
// knows them, and whether any could be looked up. A listed word that the
// dictionary does not know at all means no donation matches: found is
// true and the driver is empty.
func (s *Donations) pickDriver(ctx context.Context, text string) (best driver, found bool, err error) {
	if s.pick == noWord {
		return driver{}, false, nil
	}
	for _, w := range strings.Fields(text) {
		if !indexedWord(w) {
			continue
		}
		var d driver
		err := s.db.read.each(ctx, `SELECT word, n FROM donation_word_counts WHERE word >= ? AND word < ? ORDER BY word LIMIT ?`,
			[]any{w, w + "\U0010FFFF", maxExpansions + 1}, func(scan func(...any) error) error {
				var word string
				var n int64
				if err := scan(&word, &n); err != nil {
					return err
				}
				d.words, d.rows = append(d.words, word), d.rows+n
				return nil
			})
		if err != nil {
			return driver{}, false, fmt.Errorf("search words: %w", err)
		}
		if len(d.words) > maxExpansions {
			continue
		}
		if d.rows == 0 {
			return d, true, nil
		}
		if !found || (d.rows < best.rows) == (s.pick == rarestWord) {
			best, found = d, true
		}
	}
	return best, found, nil
}

// byWord returns the first n rows matching p below cursor, walking the
// driver's words newest first: one ordered scan of the word index per
// word, merged in order (PostgreSQL's Merge Append, SQLite's compound
// merge), each row then checked against the donation's own columns (the
// other words, fund, amount, dates) through the received order's covering
// index. A donation listed under two of the driver's words comes twice
// from the merge; the duplicates are dropped here, and the query asked
// again for more when they made it come short.
func (s *Donations) byWord(ctx context.Context, p searchPlan, d driver, cursor *orderKey, n int) ([]int64, error) {
	if len(d.words) == 0 {
		return nil, nil
	}
	var arms []string
	var args []any
	for _, w := range d.words {
		arm := "SELECT received_date, donation_id FROM donation_words WHERE word = ?"
		args = append(args, w)
		if cursor != nil {
			arm += " AND (received_date, donation_id) < (?, ?)"
			args = append(args, cursor.date, cursor.id)
		}
		arms = append(arms, arm)
	}
	q := "SELECT w.donation_id FROM (" + strings.Join(arms, " UNION ALL ") + ") w JOIN donations d ON d.received_date = w.received_date AND d.id = w.donation_id WHERE " +
		where(append(append([]string(nil), p.keys...), p.scan...)) + " ORDER BY w.received_date DESC, w.donation_id DESC LIMIT "
	args = cat(args, p.kargs, p.scanArgs)
	for limit := n; ; limit *= 2 {
		raw, err := s.db.read.ids(ctx, q+strconv.Itoa(limit), args...)
		if err != nil {
			return nil, fmt.Errorf("search by word: %w", err)
		}
		ids := slices.Compact(raw) // duplicates come together: same order key
		if len(ids) >= n || len(raw) < limit {
			return ids[:min(n, len(ids))], nil
		}
	}
}

// searchByWord serves a search with words through the word index: the
// count is the first SearchCountCap+1 matches from the top, a first page
// their beginning, a later page a walk of its own from its cursor.
func (s *Donations) searchByWord(ctx context.Context, p searchPlan, d driver, cursor *orderKey, page int) (int64, []int64, error) {
	limit := donations.SearchCountCap + 1
	top, err := s.byWord(ctx, p, d, nil, max(limit, page))
	if err != nil {
		return 0, nil, err
	}
	n := int64(min(len(top), limit))
	if cursor == nil {
		return n, top[:min(len(top), page)], nil
	}
	ids, err := s.byWord(ctx, p, d, cursor, page)
	return n, ids, err
}
