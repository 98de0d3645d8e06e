// Package rules keeps the regulations relief work answers to, by date:
// each version (a decree and the period it is in force) with the
// parameters the product applies, every one with its legal source or
// marked unknown. The table is law, so it lives in the code and changes
// with it, reviewed like code; docs/rules.md says what was found and what
// was not.
//
// A parameter is Known only with its document, article, clause and the
// quoted words; a figure nobody could trace to a clause is Unknown, shows
// as "unknown" and enforces nothing.
package rules

import (
	"slices"
	"strconv"

	"reliefledger/ledger"
)

// The parameters a rule set may carry.
const (
	// DeliveryDeadline is the number of days within which what was
	// received must be distributed, counted from CountsFrom.
	DeliveryDeadline = "delivery_deadline"
	// ReceivingPeriod is the longest receiving period, in days from a
	// campaign's launch.
	ReceivingPeriod = "receiving_period"
	// PublicDisclosure is what must be made public, where and how soon.
	PublicDisclosure = "public_disclosure"
	// WhoMayReceive is who may mobilise and receive contributions.
	WhoMayReceive = "who_may_receive"
	// ReportingCadence is how often, and to whom, receiving and
	// distribution are reported.
	ReportingCadence = "reporting_cadence"
)

// ParameterKeys lists the parameters every rule set states, known or not,
// in the order they are shown.
var ParameterKeys = []string{DeliveryDeadline, ReceivingPeriod, PublicDisclosure, WhoMayReceive, ReportingCadence}

// What a period in days counts from.
const (
	FromEndOfReceiving = "end_of_receiving" // the last day of a campaign's mobilisation
	FromLaunch         = "campaign_launch"  // the first day of a campaign's mobilisation
)

// Source is where a parameter comes from: the document, the article and
// clause (and point, in Clause, when there is one), and the words quoted
// in Vietnamese.
type Source struct {
	Document, Article, Clause, Quote string
}

// Parameter is one rule of a set. Known is set only when Source names the
// article and clause and quotes them; an unknown parameter has no value
// and enforces nothing. Note says, for an unknown one, what was looked for
// and what was found.
type Parameter struct {
	Key   string
	Known bool
	// Days is the value of a period (Unit "days"); Text the value of any
	// other parameter.
	Days       int
	Text       string
	Unit       string
	CountsFrom string // for a period: FromEndOfReceiving or FromLaunch
	Source     Source
	Note       string
}

// Value is the parameter's value as shown: the days or the text, or
// "unknown".
func (p Parameter) Value() string {
	switch {
	case !p.Known:
		return "unknown"
	case p.Unit == "days":
		return strconv.Itoa(p.Days)
	default:
		return p.Text
	}
}

// Set is one version of the rules: a decree and the days it is in force
// (To is zero while it still is).
type Set struct {
	Code, Name, Number string
	From, To           ledger.Date
	// Effective says where the dates in force come from.
	Effective  string
	Parameters []Parameter
}

// InForce reports whether the set is in force on d.
func (s Set) InForce(d ledger.Date) bool {
	return !d.Before(s.From) && (s.To.IsZero() || !d.After(s.To))
}

// Parameter returns the set's parameter key; a key the set does not state
// is an unknown parameter.
func (s Set) Parameter(key string) Parameter {
	for _, p := range s.Parameters {
		if p.Key == key {
			return p
		}
	}
	return Parameter{Key: key}
}

// Book is a table of rule sets, oldest first, whose periods do not
// overlap.
type Book []Set

// InForce returns the set in force on d, if any.
func (b Book) InForce(d ledger.Date) (Set, bool) {
	for _, s := range b {
		if s.InForce(d) {
			return s, true
		}
	}
	return Set{}, false
}

// Set returns the set with the code, if any.
func (b Book) Set(code string) (Set, bool) {
	i := slices.IndexFunc(b, func(s Set) bool { return s.Code == code })
	if i < 0 {
		return Set{}, false
	}
	return b[i], true
}

// InForce returns the set of Standard in force on d.
func InForce(d ledger.Date) (Set, bool) { return Standard.InForce(d) }

// Codes of the standard sets.
const (
	Decree64 = "ND-64-2008"
	Decree93 = "ND-93-2021"
)

// notFound is the note of a parameter whose clause could not be read.
const notFound = "The clause could not be found in the sources consulted (see docs/rules.md); nothing is enforced until it is entered here with its article, clause and words."

// Standard is the regulations of voluntary contributions for relief in
// Vietnam: Decree 64/2008/NĐ-CP, replaced on 11 December 2021 by Decree
// 93/2021/NĐ-CP. Only what could be traced to a clause is Known; see
// docs/rules.md.
var Standard = Book{
	{
		Code:   Decree64,
		Number: "64/2008/NĐ-CP",
		Name: "Nghị định về vận động, tiếp nhận, phân phối và sử dụng các nguồn đóng góp tự nguyện hỗ trợ nhân dân khắc phục khó khăn " +
			"do thiên tai, hoả hoạn, sự cố nghiêm trọng, các bệnh nhân mắc bệnh hiểm nghèo",
		From: ledger.NewDate(2008, 6, 6),
		To:   ledger.NewDate(2021, 12, 10),
		Effective: "Issued 14 May 2008; applied from 6 June 2008 (\"Áp dụng: 06/06/2008\") and no longer in force from 11 December 2021 " +
			"(\"Hết hiệu lực: 11/12/2021\"), when Decree 93/2021/NĐ-CP replaced it.",
		Parameters: []Parameter{
			{Key: DeliveryDeadline, Unit: "days", CountsFrom: FromEndOfReceiving, Source: Source{Document: "64/2008/NĐ-CP"}, Note: notFound},
			{Key: ReceivingPeriod, Unit: "days", CountsFrom: FromLaunch, Source: Source{Document: "64/2008/NĐ-CP"}, Note: notFound},
			{Key: PublicDisclosure, Source: Source{Document: "64/2008/NĐ-CP"}, Note: notFound},
			{Key: WhoMayReceive, Source: Source{Document: "64/2008/NĐ-CP"},
				Note: "A news report quotes the decree as allowing no other organisation, unit or individual to receive relief money and goods " +
					"(\"không một tổ chức, đơn vị, cá nhân nào khác được quyền tổ chức tiếp nhận tiền, hàng cứu trợ\") without naming the article; " + notFound},
			{Key: ReportingCadence, Source: Source{Document: "64/2008/NĐ-CP"}, Note: notFound},
		},
	},
	{
		Code:   Decree93,
		Number: "93/2021/NĐ-CP",
		Name: "Nghị định về vận động, tiếp nhận, phân phối và sử dụng các nguồn đóng góp tự nguyện hỗ trợ khắc phục khó khăn " +
			"do thiên tai, dịch bệnh, sự cố; hỗ trợ bệnh nhân mắc bệnh hiểm nghèo",
		From:      ledger.NewDate(2021, 12, 11),
		Effective: "Issued 27 October 2021; in force from 11 December 2021, replacing Decree 64/2008/NĐ-CP.",
		Parameters: []Parameter{
			{Key: DeliveryDeadline, Unit: "days", CountsFrom: FromEndOfReceiving, Source: Source{Document: "93/2021/NĐ-CP"},
				Note: "The product card states 20 days after receiving ends, unless donors were promised otherwise; " + notFound},
			{Key: ReceivingPeriod, Unit: "days", CountsFrom: FromLaunch, Source: Source{Document: "93/2021/NĐ-CP"},
				Note: "The product card states 90 days from a campaign's launch; " + notFound},
			{Key: PublicDisclosure, Source: Source{Document: "93/2021/NĐ-CP"},
				Note: "Summaries of the decree say an individual who mobilises must announce the purpose, scope, account, place of receipt and " +
					"committed distribution time in the media; the articles on disclosure by the Front committees were not found. " + notFound},
			{Key: WhoMayReceive, Source: Source{Document: "93/2021/NĐ-CP", Article: "2", Clause: "1(h)"},
				Note: "A secondary source cites point h, clause 1, Article 2 for individuals with full legal capacity among those who may " +
					"mobilise and receive; the decree's own words were not available to quote, so it is not marked known."},
			{Key: ReportingCadence, Source: Source{Document: "93/2021/NĐ-CP"}, Note: notFound},
		},
	},
}
