package store

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// IntegrityProblem is one thing the books rely on that does not hold in
// the database: Check names the rule ("receipts", "donation entries",
// "triggers"…), Detail says where, in words an operator can act on.
type IntegrityProblem struct {
	Check  string `json:"check"`
	Detail string `json:"detail"`
}

// maxProblemsPerCheck bounds what one check reports: a database where
// every row is wrong needs the first few named, not a million lines.
const maxProblemsPerCheck = 20

// CheckIntegrity checks what the ledger's verify does not: every receipt
// sequence (fund, year) runs 1…n without a gap and its counter stands at
// n; every donation, void, delivery, plan and request points at a journal
// entry that exists; every trigger the migrations created (the append-only
// guards of the journal, postings, audit log and checkpoints, and the
// search index's) is still there; every entry is listed under exactly the
// funds it posts to (entry_funds, which pages a fund's journal). It reads;
// it changes nothing.
func (db *DB) CheckIntegrity(ctx context.Context) ([]IntegrityProblem, error) {
	var out []IntegrityProblem
	for _, check := range []func(context.Context) ([]IntegrityProblem, error){db.checkReceipts, db.checkEntryLinks, db.checkTriggers, db.checkEntryFunds} {
		ps, err := check(ctx)
		if err != nil {
			return nil, fmt.Errorf("check integrity: %w", err)
		}
		out = append(out, ps...)
	}
	return out, nil
}

// checkReceipts finds gaps in receipt numbers and counters that disagree
// with the numbers issued.
func (db *DB) checkReceipts(ctx context.Context) ([]IntegrityProblem, error) {
	type group struct {
		fund           string
		fundID         int64
		year           int
		n, low, high   int64
		counter        int64
		counterMissing bool
	}
	var groups []*group
	err := db.read.each(ctx, `SELECT f.code, d.fund_id, d.receipt_year, COUNT(*), MIN(d.receipt_seq), MAX(d.receipt_seq),
			COALESCE(MAX(c.last_seq), -1)
		FROM donations d JOIN funds f ON f.id = d.fund_id
		LEFT JOIN receipt_counters c ON c.fund_id = d.fund_id AND c.year = d.receipt_year
		GROUP BY f.code, d.fund_id, d.receipt_year ORDER BY f.code, d.receipt_year`, nil, func(scan func(...any) error) error {
		g := &group{}
		if err := scan(&g.fund, &g.fundID, &g.year, &g.n, &g.low, &g.high, &g.counter); err != nil {
			return err
		}
		g.counterMissing = g.counter < 0
		groups = append(groups, g)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []IntegrityProblem
	for _, g := range groups {
		if g.counterMissing {
			out = append(out, IntegrityProblem{"receipts", fmt.Sprintf("%s %d: receipts up to %s were issued but the fund's receipt counter for the year is missing",
				g.fund, g.year, receiptNo(g.fund, g.year, g.high))})
		} else if g.counter != g.high {
			out = append(out, IntegrityProblem{"receipts", fmt.Sprintf("%s %d: the receipt counter stands at %d but the last receipt issued is %s",
				g.fund, g.year, g.counter, receiptNo(g.fund, g.year, g.high))})
		}
		if g.n == g.high && g.low == 1 {
			continue
		}
		missing, err := db.missingReceipts(ctx, g.fundID, g.year, g.high)
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(missing))
		for _, seq := range missing {
			names = append(names, receiptNo(g.fund, g.year, seq))
		}
		more := ""
		if int64(len(missing)) < g.high-g.n {
			more = fmt.Sprintf(" and %d more", g.high-g.n-int64(len(missing)))
		}
		out = append(out, IntegrityProblem{"receipts", fmt.Sprintf("%s %d: receipt numbers missing: %s%s", g.fund, g.year, strings.Join(names, ", "), more)})
	}
	return out, nil
}

// missingReceipts lists the first missing numbers of 1…high, walking the
// issued numbers in order.
func (db *DB) missingReceipts(ctx context.Context, fundID int64, year int, high int64) ([]int64, error) {
	var missing []int64
	want := int64(1)
	err := db.read.each(ctx, `SELECT receipt_seq FROM donations WHERE fund_id = ? AND receipt_year = ? ORDER BY receipt_seq`,
		[]any{fundID, year}, func(scan func(...any) error) error {
			var seq int64
			if err := scan(&seq); err != nil {
				return err
			}
			for ; want < seq && len(missing) < maxProblemsPerCheck; want++ {
				missing = append(missing, want)
			}
			want = seq + 1
			return nil
		})
	return missing, err
}

// receiptNo writes a receipt number as donations does: FUND-YYYY-NNNNNN.
func receiptNo(fund string, year int, seq int64) string {
	return fmt.Sprintf("%s-%d-%06d", fund, year, seq)
}

// entryLinks are the columns that must name a journal entry.
var entryLinks = []struct{ table, column, what string }{
	{"donations", "entry_id", "donation"},
	{"donations", "void_entry_id", "void of donation"},
	{"deliveries", "entry_id", "delivery"},
	{"allocation_plans", "entry_id", "allocation plan"},
	{"allocation_requests", "entry_id", "allocation request"},
}

// checkEntryLinks finds rows whose journal entry does not exist (a
// foreign key dropped or bypassed, or SQLite's not enforced).
func (db *DB) checkEntryLinks(ctx context.Context) ([]IntegrityProblem, error) {
	var out []IntegrityProblem
	for _, l := range entryLinks {
		q := fmt.Sprintf(`SELECT t.id, t.%[2]s FROM %[1]s t WHERE t.%[2]s IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = t.%[2]s) ORDER BY t.id LIMIT %[3]d`, l.table, l.column, maxProblemsPerCheck)
		err := db.read.each(ctx, q, nil, func(scan func(...any) error) error {
			var id, entry int64
			if err := scan(&id, &entry); err != nil {
				return err
			}
			out = append(out, IntegrityProblem{"entry links", fmt.Sprintf("%s %d (%s.%s) points at journal entry %d, which does not exist",
				l.what, id, l.table, l.column, entry)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

var (
	createTrigger = regexp.MustCompile(`(?i)CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z0-9_]+)\b[^;]*?\bON\s+([A-Za-z0-9_]+)`)
	dropTrigger   = regexp.MustCompile(`(?i)DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?([A-Za-z0-9_]+)`)
)

// ExpectedTriggers are the triggers the build's migrations leave behind,
// by name, with their tables.
func (db *DB) ExpectedTriggers() (map[string]string, error) {
	ms, err := db.Migrations()
	if err != nil {
		return nil, err
	}
	want := map[string]string{}
	for _, m := range ms {
		for _, g := range dropTrigger.FindAllStringSubmatch(m.SQL, -1) {
			delete(want, g[1])
		}
		for _, g := range createTrigger.FindAllStringSubmatch(m.SQL, -1) {
			want[g[1]] = g[2]
		}
	}
	return want, nil
}

// checkTriggers finds the migrations' triggers that are gone: without
// them the journal, postings, audit log and checkpoints could be edited
// in place.
func (db *DB) checkTriggers(ctx context.Context) ([]IntegrityProblem, error) {
	want, err := db.ExpectedTriggers()
	if err != nil {
		return nil, err
	}
	s, err := db.Schema(ctx)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, t := range s.Tables {
		for _, tr := range t.Triggers {
			have[tr.Name] = true
		}
	}
	var names []string
	for name := range want {
		if !have[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []IntegrityProblem
	for _, name := range names {
		out = append(out, IntegrityProblem{"triggers", fmt.Sprintf("trigger %s on %s is missing: rows of %s are no longer protected as the migrations left them",
			name, want[name], want[name])})
	}
	return out, nil
}
