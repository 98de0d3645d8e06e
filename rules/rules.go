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
// in Vietnamese. When the decree's own words could not be read, Secondary
// names the published summary (publisher, title, address) the rule was
// read from, and Quote holds that summary's words, as published.
type Source struct {
	Document, Article, Clause, Quote string
	Secondary                        string
}

// Traced reports whether the source is enough for a known parameter: the
// quoted words, and either the article and clause they are from or the
// published summary that states them.
func (s Source) Traced() bool {
	return s.Quote != "" && (s.Article != "" && s.Clause != "" || s.Secondary != "")
}

// Parameter is one rule of a set. Known is set only when Source is
// Traced (the clause quoted, or a published summary's words quoted); an unknown parameter has no value
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

// The published summaries read where the decree's own words were not
// available (docs/rules.md).
const (
	t2h      = "T2H Lawyers, \"Decree 93/2021 has been issued to tighten personal charity work\", https://t2hlawyers.vn/en/decree-93-2021-has-been-issued-to-tighten-personal-charity-work/"
	lawnet14 = "LawNet, \"Regulations on disclosure of voluntary contributions in Vietnam\", https://lawnet.vn/thong-tin-phap-luat/en/tu-van-luat/regulations-on-disclosure-of-voluntary-contributions-in-vietnam-121799.html"
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
			{Key: DeliveryDeadline, Known: true, Days: 20, Unit: "days", CountsFrom: FromEndOfReceiving,
				Source: Source{Document: "93/2021/NĐ-CP", Secondary: t2h,
					Quote: "the duration for distribution is made right during the process of campaigning, receiving and ending within 20 days " +
						"from the end of the receiving period (unless it is done according to commitment"},
				Note: "Read from a law firm's published summary; the article and clause were not found. The product card states the same " +
					"figure. Donors may have been promised another time: a campaign names its own rule set when they were."},
			{Key: ReceivingPeriod, Known: true, Days: 90, Unit: "days", CountsFrom: FromLaunch,
				Source: Source{Document: "93/2021/NĐ-CP", Secondary: t2h,
					Quote: "The duration to receive voluntary contributions to overcome consequences of natural disasters, epidemics and incidents " +
						"does not exceed 90 days from the date of starting the campaign (except for the case of implementation as committed " +
						"with the organization, individual contributors)"},
				Note: "Read from a law firm's published summary; the article and clause were not found. The product card states the same figure."},
			{Key: PublicDisclosure, Known: true,
				Text: "Disclose the mobilisation, receipt, distribution and use fully, promptly and accurately (clause 1): the call documents, " +
					"what was received in money and goods and how it was distributed, who receives and how much, and the time, place and " +
					"method of receiving (clause 2); on the organisation's official website, which is mandatory, and as well posted at its " +
					"office and community places, or notified in writing and in the media (clause 3). How soon: not stated in the summary.",
				Source: Source{Document: "93/2021/NĐ-CP", Article: "14", Clause: "1–3", Secondary: lawnet14,
					Quote: "organizations that mobilize, receive, distribute, and use voluntary contributions have the responsibility to fully, " +
						"promptly and accurately disclose their activities involving the mobilization, receipt, distribution, and use of " +
						"voluntary donations"},
				Note: "Read from a legal question-and-answer page citing Article 14, clauses 1 to 3; the decree's Vietnamese words were not available."},
			{Key: WhoMayReceive, Source: Source{Document: "93/2021/NĐ-CP", Article: "2", Clause: "1(h)"},
				Note: "A secondary source cites point h, clause 1, Article 2 for individuals with full legal capacity among those who may " +
					"mobilise and receive; the decree's own words were not available to quote, so it is not marked known."},
			{Key: ReportingCadence, Source: Source{Document: "93/2021/NĐ-CP"}, Note: notFound},
		},
	},
}
