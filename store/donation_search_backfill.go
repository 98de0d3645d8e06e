package store

import (
	"context"
	"fmt"

	"reliefledger/donations"
	"reliefledger/ledger"
)

// backfillBatch is how many rows one backfill transaction fills.
const backfillBatch = 5000

// backfillDonationSearch fills search_public of the donations recorded
// before migration 0010 added it (folding is Go code, so the migration
// cannot), in transactions of backfillBatch rows, and returns how many it
// filled, and lists their words (migration 0012). It runs after every migrate and finds nothing to do once done
// (a partial index holds the empty rows); a stopped run resumes where it
// stopped.
func (db *DB) backfillDonationSearch(ctx context.Context) (int, error) {
	filled := 0
	var after int64
	for {
		var ids []int64
		var texts []string
		var words []wordedRow
		err := db.read.each(ctx, `SELECT id, received_date, public_name, description FROM donations WHERE search_public = '' AND id > ? ORDER BY id LIMIT ?`,
			[]any{after, backfillBatch}, func(scan func(...any) error) error {
				var id int64
				var date ledger.Date
				var name, desc string
				if err := scan(&id, &date, &name, &desc); err != nil {
					return err
				}
				ids, texts = append(ids, id), append(texts, donations.PublicText(name, desc))
				words = append(words, wordedRow{id, date, texts[len(texts)-1]})
				return nil
			})
		if err != nil {
			return filled, fmt.Errorf("backfill donation search: %w", err)
		}
		if len(ids) == 0 {
			return filled, nil
		}
		// In the journal: pairing words is the journal's (donation_pairs.go).
		err = db.inJournal(ctx, func(tx *Tx) error {
			if err := tx.insertWords(words, &db.words); err != nil {
				return err
			}
			if db.pg {
				_, err := tx.exec(`UPDATE donations AS d SET search_public = v.s FROM unnest(?::bigint[], ?::text[]) AS v(id, s) WHERE d.id = v.id`,
					ids, texts)
				return err
			}
			for i, id := range ids {
				if _, err := tx.exec(`UPDATE donations SET search_public = ? WHERE id = ?`, texts[i], id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return filled, fmt.Errorf("backfill donation search: %w", err)
		}
		filled += len(ids)
		after = ids[len(ids)-1]
	}
}
