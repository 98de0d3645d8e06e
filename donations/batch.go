package donations

import (
	"context"
	"strconv"
	"sync"

	"reliefledger/ledger"
)

// part is a donation riding with its entry through the ledger's batcher
// (a ledger.Companion). out is set once its batch has committed.
type part struct {
	store Store
	ctx   context.Context // the request's: its audit record names the donation
	d     Donation        // validated, not numbered
	out   Donation
}

func (p *part) Writer() ledger.CompanionWriter { return theWriter }

// writer numbers and writes the donations of a batch (a
// ledger.CompanionWriter). There is one, so that every donation of a
// batch takes its number from the same counters, whichever Service (and
// store) recorded it.
type writer struct{}

var theWriter = &writer{}

// Begin reads the receipt counters of the batch's funds and years (and
// lets the store draw the IDs of the batch's donations with them).
func (w *writer) Begin(tx ledger.Tx, cs []ledger.Companion) (ledger.CompanionBatch, error) {
	dtx, err := cs[0].(*part).store.Within(tx)
	if err != nil {
		return nil, err
	}
	b := &receipts{ltx: tx, tx: dtx, parts: make([]*part, len(cs))}
	var keys []ReceiptKey
	seen := map[ReceiptKey]bool{}
	for i, c := range cs {
		p := c.(*part)
		b.parts[i] = p
		if k := keyOf(p.d); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	last, err := b.tx.LastReceipts(keys, len(cs))
	if err != nil {
		return nil, err
	}
	b.last = last
	return b, nil
}

func keyOf(d Donation) ReceiptKey { return ReceiptKey{d.FundID, d.ReceivedDate.Year()} }

// receipts is one attempt at a batch's transaction: the counters as read,
// advanced by each accepted donation, and the accepted donations in
// commit order.
type receipts struct {
	ltx      ledger.Tx
	tx       Tx // the first donation's store's
	parts    []*part
	last     map[ReceiptKey]int64
	accepted []Donation
	of       []*part
}

// Accept gives the donation the next receipt number of its fund and year,
// which its entry names as its source.
func (b *receipts) Accept(i int, id int64) string {
	p := b.parts[i]
	d, k := p.d, keyOf(p.d)
	b.last[k]++
	d.ReceiptYear, d.ReceiptSeq = k.Year, b.last[k]
	d.ReceiptNo = ReceiptNo(d.FundCode, k.Year, d.ReceiptSeq)
	d.EntryID = id
	b.accepted = append(b.accepted, d)
	b.of = append(b.of, p)
	return d.ReceiptNo
}

// Write moves the counters past the numbers given (every writer of the
// counters holds the journal head, so they are as Begin read them) and
// inserts the donations.
func (b *receipts) Write() error {
	if len(b.accepted) == 0 {
		return nil
	}
	moved := map[ReceiptKey]int64{}
	for _, d := range b.accepted {
		moved[keyOf(d)] = b.last[keyOf(d)]
	}
	if err := b.tx.SetLastReceipts(moved); err != nil {
		return err
	}
	// One insert per run of donations of one store (one run but in tests).
	for start := 0; start < len(b.accepted); {
		end := start + 1
		for end < len(b.accepted) && b.of[end].store == b.of[start].store {
			end++
		}
		tx := b.tx
		if st := b.of[start].store; st != b.parts[0].store {
			var err error
			if tx, err = st.Within(b.ltx); err != nil {
				return err
			}
		}
		stored, err := tx.InsertDonations(b.accepted[start:end])
		if err != nil {
			return err
		}
		for i, d := range stored {
			p := b.of[start+i]
			d.FundCode = p.d.FundCode
			tx.AuditTarget(p.ctx, "donation:"+strconv.FormatInt(d.ID, 10))
			tx.AfterCommit(func() { p.out = d })
		}
		start = end
	}
	return nil
}

// donorCache keeps registered donors: a donor never changes once
// registered. It is bounded: full, it starts again.
type donorCache struct {
	mu sync.RWMutex
	m  map[int64]Donor
}

const maxCachedDonors = 50000

// registeredDonor returns a registered donor, from the cache when it can.
func (s *Service) registeredDonor(ctx context.Context, id int64) (Donor, error) {
	c := &s.donors
	c.mu.RLock()
	d, ok := c.m[id]
	c.mu.RUnlock()
	if ok {
		return d, nil
	}
	d, err := s.store.Donor(ctx, id)
	if err != nil {
		return Donor{}, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedDonors {
		c.m = map[int64]Donor{}
	}
	c.m[id] = d
	c.mu.Unlock()
	return d, nil
}
