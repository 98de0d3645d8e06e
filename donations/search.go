package donations

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
)

// Search asks the public list of donations what the public asks of a bank
// statement with Ctrl+F, done right. Every field narrows; none is required.
type Search struct {
	FundID int64
	// Text is words matched without accents or case against what is
	// published of a donation: the donor's published name and the transfer
	// text with phone and account numbers masked. Every word must appear,
	// as a word or the start of one: "nguy" finds Nguyễn, "yen" does not
	// (a name search would otherwise find every Nguyễn for Yến).
	// Punctuation separates words, as spaces do. At most MaxSearchWords
	// words and MaxSearchText characters. A text that is a receipt number
	// alone (COVID-2021-000123) is looked up as one, as Ref is: that
	// receipt, not the transfer texts that mention it.
	Text string
	// Ref is a bank reference or a receipt number, matched exactly
	// (without regard to case).
	Ref string
	// Amount, when valid, is the exact amount in đồng.
	Amount   decimal.NullDecimal
	From, To ledger.Date
	// Cursor continues from a page's Next; "" is the first page.
	Cursor string
	// Limit is the page size: 1..100, 20 when 0.
	Limit int
}

// SearchCountCap is as far as a search counts its matches; beyond it the
// count says "more than". Counting is what a search for a common name
// costs: each match counted is a few rows read (a thousand matches of
// "nguyen" took 5 ms of a loaded 2-core machine, a hundred 0.5 ms), and
// past a hundred the public refines its search rather than reads on.
const SearchCountCap = 100

// MaxSearchWords and MaxSearchText bound what a search may ask: a name
// and a few words of a transfer text fit many times over; past them a
// query only makes the search work longer (every word is checked on every
// row found), so it is refused, not trimmed, to say so.
const (
	MaxSearchWords = 10
	MaxSearchText  = 200
)

// receiptOnly is a text that is one receipt number and nothing else.
var receiptOnly = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,19}-\d{4}-\d{6}$`)

// Results is one page of a search, newest received first.
type Results struct {
	// Donations hold their published fields only: ID, fund, PublicName,
	// channel, amount, bank reference, received date, earmark, description
	// (unmasked: masking is the page's), receipt number, entry and status.
	// Not the donor's name or ID, the goods lines, the currency or who
	// recorded it.
	Donations []Donation
	// Count is how many donations match, up to SearchCountCap; Capped says
	// there are more. Partial says that the search stopped at the rows one
	// search may read before it had counted them all, so at least Count
	// match (a text no index serves, "3-17", is looked for in the newest
	// 10,000 donations a page: store/donation_search.go); then a page may
	// end short, or be empty, with a Next that reads on.
	Count   int64
	Capped  bool
	Partial bool
	// Next is the cursor of the following page; "" on the last one.
	Next string
}

// Search answers a public search. Returns Invalid for a bad limit or
// cursor, or a text of too many words or characters.
func (s *Service) Search(ctx context.Context, q Search) (Results, error) {
	if q.Limit == 0 {
		q.Limit = 20
	}
	if q.Limit < 1 || q.Limit > 100 {
		var fe rl.Fields
		fe.Add("limit", "limit must be between 1 and 100")
		return Results{}, fe.Err()
	}
	words := SearchWords(q.Text)
	var fe rl.Fields
	if utf8.RuneCountInString(q.Text) > MaxSearchText {
		fe.Add("q", "at most %d characters, please", MaxSearchText)
	} else if len(words) > MaxSearchWords {
		fe.Add("q", "at most %d words, please", MaxSearchWords)
	}
	if err := fe.Err(); err != nil {
		return Results{}, err
	}
	if t := strings.TrimSpace(q.Text); q.Ref == "" && receiptOnly.MatchString(t) {
		q.Ref, words = t, nil
	}
	q.Text = strings.Join(words, " ")
	q.Ref = strings.TrimSpace(q.Ref)
	return s.store.Search(ctx, q)
}

// SearchWords returns the words a search looks for in text: folded, split
// at anything but letters, digits and asterisks.
func SearchWords(text string) []string { return Words(fold.String(text)) }

// PublicText is what the public search looks through for a donation: the
// published donor name and the transfer text as published (phone and
// account numbers masked), folded, as Words each after a space, so that a
// word is found where it starts. A donor who asked not to be named is
// published as AnonymousName, so their real name is not in it; nor is that
// label, whose "tâm" would make every anonymous gift match a search for
// "Nguyễn Văn Tâm" that its text half matches. A transfer imported from a
// bank statement carries the sender's name inside its text
// ("MBVCB.7001****67.****56.NGUYEN THI LAN ung ho"), so it is found by it.
// It is never empty: a gift with nothing to find is " ".
func PublicText(publicName, description string) string {
	if publicName == AnonymousName {
		publicName = ""
	}
	var b strings.Builder
	for _, w := range Words(fold.String(publicName + " " + MaskNumbers(description))) {
		b.WriteString(" ")
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return " "
	}
	return b.String()
}

// Words splits folded text into the words the search knows: runs of
// letters, digits and the asterisks of masked digits.
func Words(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*' })
}
