package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// GenesisHash is the previous hash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// canonicalEntry is the content an entry's hash covers, in a fixed order.
// Decimals are written in shopspring's canonical form, times in Unix
// microseconds (PostgreSQL's precision), so every backend hashes alike.
type canonicalEntry struct {
	V           int                `json:"v"`
	ID          int64              `json:"id"`
	Prev        string             `json:"prev"`
	Date        string             `json:"date"`
	Kind        string             `json:"kind"`
	Description string             `json:"description"`
	SourceType  string             `json:"source_type"`
	SourceID    string             `json:"source_id"`
	Reverses    int64              `json:"reverses"`
	CreatedBy   int64              `json:"created_by"`
	CreatedAt   int64              `json:"created_at"`
	Postings    []canonicalPosting `json:"postings"`
}

type canonicalPosting struct {
	Line     int    `json:"line"`
	Account  int64  `json:"account"`
	Amount   string `json:"amount"`
	Item     string `json:"item,omitempty"`
	Quantity string `json:"quantity,omitempty"`
}

// ComputeHash returns the hash of e chained to e.PrevHash.
func ComputeHash(e Entry) string {
	c := canonicalEntry{
		V: 1, ID: e.ID, Prev: e.PrevHash, Date: e.Date.String(), Kind: string(e.Kind),
		Description: e.Description, SourceType: e.Source.Type, SourceID: e.Source.ID,
		Reverses: e.ReversesID, CreatedBy: e.CreatedBy, CreatedAt: e.CreatedAt.UnixMicro(),
	}
	for _, p := range e.Postings {
		cp := canonicalPosting{Line: p.Line, Account: p.AccountID, Amount: p.Amount.String()}
		if p.Item != "" {
			cp.Item, cp.Quantity = p.Item, p.Quantity.String()
		}
		c.Postings = append(c.Postings, cp)
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic("ledger: marshal canonical entry: " + err.Error()) // cannot happen: plain types only
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
