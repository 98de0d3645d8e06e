package rules

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

// Campaign is one appeal of a fund (cuộc vận động): its mobilisation
// period and the rule set it answers to, fixed when it is created.
type Campaign struct {
	ID       int64
	Code     string // e.g. COVID-2021
	FundID   int64
	FundCode string
	Name     string
	From, To ledger.Date // mobilisation, both days included
	RuleSet  string
	Target   decimal.NullDecimal // đồng
	// CreatedAt and CreatedBy say who created it and when.
	CreatedAt time.Time
	CreatedBy int64
}

// Store persists campaigns.
type Store interface {
	// CreateCampaign inserts c with the idempotency record, and returns it
	// with its ID and whether it is a replay. Returns a Conflict (code
	// "duplicate") when the code is taken.
	CreateCampaign(ctx context.Context, c Campaign, idem *rl.IdemRecord) (Campaign, bool, error)
	// Campaign and CampaignByCode return NotFound when there is none.
	Campaign(ctx context.Context, id int64) (Campaign, error)
	CampaignByCode(ctx context.Context, code string) (Campaign, error)
	// Campaigns lists campaigns by ID after afterID, of one fund when
	// fundID is not 0, at most limit.
	Campaigns(ctx context.Context, fundID, afterID int64, limit int) ([]Campaign, error)
}

// Service keeps campaigns and answers what the rules say of them.
type Service struct {
	store  Store
	ledger *ledger.Service
	book   Book
	now    func() time.Time
}

// NewService returns the campaigns service over the rule book (Standard
// when nil).
func NewService(store Store, l *ledger.Service, book Book, now func() time.Time) *Service {
	if book == nil {
		book = Standard
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, ledger: l, book: book, now: now}
}

// Book is the rule book the service answers from.
func (s *Service) Book() Book { return s.book }

// Input proposes a campaign, parsed by the caller.
type Input struct {
	Code, Fund, Name string
	From, To         ledger.Date
	RuleSet          string // empty: the set in force on From
	Target           decimal.NullDecimal
}

var codeRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,39}$`)

// Create validates and records a campaign. Invalid with the fields at
// fault; Conflict when the code is taken.
func (s *Service) Create(ctx context.Context, a ledger.Actor, in Input) (Campaign, bool, error) {
	var fe rl.Fields
	c := Campaign{Code: strings.TrimSpace(in.Code), Name: strings.Join(strings.Fields(in.Name), " "), From: in.From, To: in.To,
		Target: in.Target, CreatedBy: a.UserID, CreatedAt: rl.Stamp(s.now())}
	if !codeRE.MatchString(c.Code) || strings.Contains(c.Code, "--") {
		fe.Add("code", "must be 2–40 capital letters, digits and single hyphens, starting with a letter or digit, e.g. COVID-2021")
	}
	if c.Name == "" || utf8.RuneCountInString(c.Name) > 200 {
		fe.Add("name", "is required, at most 200 characters")
	}
	if in.Fund == "" {
		fe.Add("fund", "is required: a fund code, e.g. COVID")
	} else if f, err := s.ledger.Fund(ctx, in.Fund); err != nil {
		if rl.ErrorKind(err) != rl.NotFound {
			return Campaign{}, false, err
		}
		fe.Add("fund", "no fund has the code %q", in.Fund)
	} else {
		c.FundID, c.FundCode = f.ID, f.Code
	}
	if c.From.IsZero() {
		fe.Add("mobilise_from", "is required, YYYY-MM-DD")
	}
	if c.To.IsZero() {
		fe.Add("mobilise_to", "is required, YYYY-MM-DD")
	} else if !c.From.IsZero() && c.To.Before(c.From) {
		fe.Add("mobilise_to", "must not be before mobilise_from (%s)", c.From)
	}
	if c.Target.Valid && c.Target.Decimal.IsNegative() {
		fe.Add("target_amount", "must not be negative")
	}
	if !c.From.IsZero() {
		s.ruleSet(&c, in.RuleSet, &fe)
	}
	if err := fe.Err(); err != nil {
		return Campaign{}, false, err
	}
	return s.store.CreateCampaign(ctx, c, a.Idem)
}

// ruleSet fixes the campaign's rule set: the one named, which must exist,
// or the one in force on the first day of mobilisation. A receiving
// period the set knows limits the mobilisation.
func (s *Service) ruleSet(c *Campaign, code string, fe *rl.Fields) {
	var set Set
	var ok bool
	if code != "" {
		if set, ok = s.book.Set(code); !ok {
			fe.Add("rule_set", "no rule set has the code %q (GET /api/v1/rules lists them)", code)
			return
		}
	} else if set, ok = s.book.InForce(c.From); !ok {
		fe.Add("rule_set", "no rule set is in force on %s: name one (GET /api/v1/rules lists them)", c.From)
		return
	}
	c.RuleSet = set.Code
	if p := set.Parameter(ReceivingPeriod); p.Known && p.Days > 0 && !c.To.IsZero() {
		if end := startOf(*c, p).AddDays(p.Days); c.To.After(end) {
			fe.Add("mobilise_to", "must be on or before %s: %s allows %d days of receiving (%s)", end, set.Number, p.Days, cite(p.Source))
		}
	}
}

// Get returns a campaign by its code or its ID. NotFound when none.
func (s *Service) Get(ctx context.Context, codeOrID string) (Campaign, error) {
	if id, err := strconv.ParseInt(codeOrID, 10, 64); err == nil && id > 0 {
		return s.store.Campaign(ctx, id)
	}
	return s.store.CampaignByCode(ctx, codeOrID)
}

// List lists campaigns of a fund (all when fundID is 0) by ID.
func (s *Service) List(ctx context.Context, fundID, afterID int64, limit int) ([]Campaign, error) {
	return s.store.Campaigns(ctx, fundID, afterID, limit)
}

// Deadline is a campaign's delivery deadline under its rule set: the
// parameter, and when it is known the last day a delivery is on time.
type Deadline struct {
	RuleSet Set
	Param   Parameter
	DueBy   ledger.Date // zero when the parameter is unknown
}

// Deadline returns the campaign's delivery deadline.
func (s *Service) Deadline(c Campaign) Deadline {
	set, _ := s.book.Set(c.RuleSet)
	d := Deadline{RuleSet: set, Param: set.Parameter(DeliveryDeadline)}
	if d.Param.Known {
		d.DueBy = startOf(c, d.Param).AddDays(d.Param.Days)
	}
	return d
}

// Rule says in one sentence where the deadline comes from.
func (d Deadline) Rule() string {
	if !d.Param.Known {
		return "the delivery deadline of " + d.RuleSet.Number + " is unknown (no clause was found), so lateness is not computed"
	}
	from := "the end of receiving"
	if d.Param.CountsFrom == FromLaunch {
		from = "the launch of the campaign"
	}
	return strconv.Itoa(d.Param.Days) + " days from " + from + " (" + d.RuleSet.Number + ", " + cite(d.Param.Source) + ")"
}

// startOf is the day a period counted by p starts from for c.
func startOf(c Campaign, p Parameter) ledger.Date {
	if p.CountsFrom == FromLaunch {
		return c.From
	}
	return c.To
}

// cite is "Article 12, clause 2" of a source, or the summary it was read
// from.
func cite(s Source) string {
	if s.Article == "" {
		return "as summarised by " + s.Secondary
	}
	out := "Article " + s.Article
	if s.Clause != "" {
		out += ", clause " + s.Clause
	}
	return out
}

// Received is what the fund received during the campaign's mobilisation:
// the credits to its revenue accounts (donations in money and in kind,
// restricted or not) dated from its first to its last day, less the
// voids dated within them, in đồng.
func (s *Service) Received(ctx context.Context, c Campaign) (decimal.Decimal, error) {
	accs, err := s.ledger.Accounts(ctx, ledger.AccountFilter{FundID: c.FundID, Type: ledger.Revenue})
	if err != nil {
		return decimal.Zero, err
	}
	ids := make([]int64, len(accs))
	for i, a := range accs {
		ids[i] = a.ID
	}
	ms, err := s.ledger.Movements(ctx, ids, c.From, c.To)
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, m := range ms {
		sum = sum.Sub(m.Amount) // revenue is credited: negative amounts
	}
	return sum, nil
}
