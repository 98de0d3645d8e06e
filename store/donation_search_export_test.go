package store

import (
	"context"
	"fmt"

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
