package donations

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/bank"
	"reliefledger/internal/sheet"
	"reliefledger/ledger"
)

// StatementOptions tune a bank statement import.
type StatementOptions struct {
	Fund   string
	DryRun bool
	// Limits bound the file (its bytes, what it inflates to, its rows).
	Limits sheet.Limits
	// Progress, if set, hears how many credit lines have been handled.
	Progress func(done, total int)
}

// StatementProblem is a statement line that was not imported, with why.
type StatementProblem struct {
	Line   int
	Reason string
	Amount decimal.Decimal
}

// StatementReport says what an import found and did. The totals add up:
// FileTotal = ImportedTotal + DuplicateTotal + RejectedTotal.
type StatementReport struct {
	DryRun         bool
	Lines          int // lines read, usable or not
	Created        int // donations recorded (or, in a dry run, that would be)
	Duplicates     int // credit lines recorded by an earlier import
	Rejected       int
	FileTotal      decimal.Decimal
	ImportedTotal  decimal.Decimal
	DuplicateTotal decimal.Decimal
	RejectedTotal  decimal.Decimal
	Problems       []StatementProblem
	// DuplicateLines are the credit lines an earlier import recorded, in
	// the file's order (what Duplicates counts).
	DuplicateLines []StatementDuplicate
}

// StatementDuplicate is a credit line recorded by an earlier import.
type StatementDuplicate struct {
	Line         int
	Date         ledger.Date
	Reference    string
	Amount       decimal.Decimal
	Counterparty string
}

// MaxDuplicateLines is how many duplicate lines a report lists (the first
// in the file); Duplicates counts them all. A rerun of a large statement
// would otherwise hold a row for each of its lines.
const MaxDuplicateLines = 10000

// statementChunk is how many credit lines one transaction handles (a
// variable for tests).
var statementChunk = 5000

// analyzeAfter is how many donations make an import grow the tables enough
// to refresh their statistics.
const analyzeAfter = 10000

// ImportStatement turns a bank statement's credit lines into bank-transfer
// donations to a fund. Lines recorded by an earlier import (same key: see
// package bank) are skipped, so importing a statement again, or an
// overlapping one, records nothing twice, while two genuine transfers that
// share a reference on different days are both kept. Debits and unusable
// lines are listed with their line number and why.
//
// The file is read a line at a time (bank.Reader) and its credit lines
// handled in chunks of 5,000. A chunk's keys are looked up (a chunk all
// recorded, as in a rerun, ends there), then the chunk is recorded in one
// journal transaction that looks the keys not found up again, holding the
// journal's lock (so two imports of one statement at once record each line
// once), and records the others: their receipt numbers, journal entries and donation
// rows commit together or not at all. A failure (the database refusing a
// row, a lost connection) returns an error naming the chunk's lines,
// leaves the chunks before it recorded and nothing of its own, and stops
// the import; a rerun records the rest. A file that cannot be read at all
// is Invalid and records nothing (an XLSX file is read through once first,
// so that one broken further down records nothing either).
func (s *Service) ImportStatement(ctx context.Context, a ledger.Actor, name string, r io.Reader, opt StatementOptions) (StatementReport, error) {
	rep := StatementReport{DryRun: opt.DryRun}
	fund, err := s.ledger.Fund(ctx, opt.Fund)
	if err != nil {
		if rl.ErrorKind(err) == rl.NotFound {
			return rep, rl.InvalidFields(rl.FieldError{Field: "fund", Message: fmt.Sprintf("no fund %q", opt.Fund)})
		}
		return rep, err
	}
	rd, err := openStatement(name, r, opt.Limits)
	if err != nil {
		return rep, err
	}
	defer rd.Close()
	reject := func(line int, amount decimal.Decimal, format string, args ...any) {
		rep.Rejected++
		rep.RejectedTotal = rep.RejectedTotal.Add(amount)
		rep.Problems = append(rep.Problems, StatementProblem{Line: line, Reason: fmt.Sprintf(format, args...), Amount: amount})
	}
	today := ledger.DateOf(s.now())
	// A chunk's keys are looked up while the chunk before it is recorded
	// (and the next one read): on another connection, so the database
	// works on both at once. (Keys are unique within a file, so recording
	// one chunk cannot change what another's lookup finds; another import
	// recording them meanwhile is caught inside the transaction.)
	var prev *chunkLookup
	finish := func() error {
		if prev == nil {
			return nil
		}
		p := prev
		prev = nil
		res := <-p.known
		err := res.err
		if err == nil {
			err = s.importChunk(ctx, a, fund, p.lines, res.keys, &rep)
		}
		if err != nil {
			return fmt.Errorf("import statement lines %d–%d: %w", p.lines[0].Number, p.lines[len(p.lines)-1].Number, err)
		}
		if opt.Progress != nil {
			opt.Progress(p.read, max(p.read, rd.RowsHint()))
		}
		return nil
	}
	chunk := make([]bank.Line, 0, statementChunk)
	cut := func() error {
		if len(chunk) == 0 {
			return nil
		}
		next := s.lookUp(ctx, fund.ID, chunk, rep.Lines)
		chunk = make([]bank.Line, 0, statementChunk)
		err := finish()
		prev = next
		return err
	}
	for rd.Next() {
		rep.Lines++
		if x, bad := rd.Rejected(); bad {
			reject(x.Number, x.Amount, "%s", x.Reason)
			continue
		}
		switch l := rd.Line(); {
		case !l.Amount.IsPositive():
			reject(l.Number, l.Amount, "a debit (money paid out), not a donation")
		case l.Date.After(today.AddDays(1)):
			reject(l.Number, l.Amount, "the date %s is in the future", l.Date)
		default:
			if chunk = append(chunk, l); len(chunk) == statementChunk {
				if err := cut(); err != nil {
					return rep, err
				}
			}
		}
	}
	if err := rd.Err(); err != nil {
		if prev != nil {
			<-prev.known
		}
		return rep, err
	}
	if err := cut(); err != nil {
		return rep, err
	}
	if err := finish(); err != nil {
		return rep, err
	}
	rep.FileTotal = rd.Total()
	if rep.Created >= analyzeAfter && !opt.DryRun {
		if err := s.store.Analyze(ctx); err != nil {
			return rep, err
		}
	}
	if sum := rep.ImportedTotal.Add(rep.DuplicateTotal).Add(rep.RejectedTotal); !sum.Equal(rep.FileTotal) {
		return rep, fmt.Errorf("import statement: totals do not add up: %s imported + %s duplicate + %s rejected ≠ %s in the file",
			rep.ImportedTotal, rep.DuplicateTotal, rep.RejectedTotal, rep.FileTotal)
	}
	return rep, nil
}

// openStatement opens a statement for reading. An XLSX file is read
// through once first: its rows come from a stream that can turn out
// broken (or too long) part-way, and such a file must record nothing. (A
// CSV file's limits and encoding are checked when it is opened.)
func openStatement(name string, r io.Reader, limits sheet.Limits) (*bank.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".xlsx" && (ext != "" || string(head) != "PK\x03\x04") {
		return bank.Open(name, br, limits)
	}
	var kept bytes.Buffer
	rd, err := bank.Open(name, io.TeeReader(br, &kept), limits)
	if err != nil {
		return nil, err
	}
	for rd.Next() {
	}
	rd.Close()
	if err := rd.Err(); err != nil {
		return nil, err
	}
	return bank.Open(name, &kept, limits)
}

// chunkLookup is a chunk of credit lines whose keys are being looked up.
type chunkLookup struct {
	lines []bank.Line
	read  int // lines of the file read when it was cut
	known chan lookupResult
}

type lookupResult struct {
	keys map[string]bool
	err  error
}

// lookUp starts looking up which of the lines' keys the fund has recorded.
func (s *Service) lookUp(ctx context.Context, fundID int64, ls []bank.Line, read int) *chunkLookup {
	c := &chunkLookup{lines: ls, read: read, known: make(chan lookupResult, 1)}
	keys := make([]string, len(ls))
	for i, l := range ls {
		keys[i] = l.Key
	}
	go func() {
		k, err := s.store.KnownKeys(ctx, fundID, keys)
		c.known <- lookupResult{k, err}
	}()
	return c
}

// importChunk handles credit lines whose recorded keys were looked up
// (known): in a dry run it counts those that would be recorded; otherwise
// it records them in one transaction, which looks the keys not found up
// again holding the journal's lock: another import of the same lines may
// have recorded them meanwhile. (A chunk recorded already, as in a rerun,
// costs its lookup and takes no lock.)
func (s *Service) importChunk(ctx context.Context, a ledger.Actor, fund ledger.Fund, ls []bank.Line, known map[string]bool, rep *StatementReport) error {
	var rest []string
	for _, l := range ls {
		if !known[l.Key] {
			rest = append(rest, l.Key)
		}
	}
	if !rep.DryRun && len(rest) > 0 {
		var meanwhile map[string]bool
		err := s.store.InJournal(ctx, func(tx Tx) error {
			var err error
			if meanwhile, err = tx.RecordedKeys(fund.ID, rest); err != nil {
				return err
			}
			var todo []bank.Line
			for _, l := range ls {
				if !known[l.Key] && !meanwhile[l.Key] {
					todo = append(todo, l)
				}
			}
			return s.recordLines(ctx, tx, a, fund, todo)
		})
		if err != nil {
			return err
		}
		for k := range meanwhile {
			known[k] = true
		}
	}
	for _, l := range ls {
		if known[l.Key] {
			rep.Duplicates++
			rep.DuplicateTotal = rep.DuplicateTotal.Add(l.Amount)
			if len(rep.DuplicateLines) < MaxDuplicateLines {
				rep.DuplicateLines = append(rep.DuplicateLines, StatementDuplicate{Line: l.Number, Date: l.Date, Reference: l.Reference,
					Amount: l.Amount, Counterparty: l.Counterparty})
			}
			continue
		}
		rep.Created++
		rep.ImportedTotal = rep.ImportedTotal.Add(l.Amount)
	}
	return nil
}

// recordLines records credit lines as donations on tx.
func (s *Service) recordLines(ctx context.Context, tx Tx, a ledger.Actor, fund ledger.Fund, ls []bank.Line) error {
	if len(ls) == 0 {
		return nil
	}
	ds := make([]Donation, len(ls))
	entries := make([]ledger.EntryInput, len(ls))
	now := rl.Stamp(s.now())
	bankAcc, revAcc := ledger.AccountByCode(fund.Code, "1120"), ledger.AccountByCode(fund.Code, "4100")
	for i, l := range ls {
		donor := strings.Join(strings.Fields(l.Counterparty), " ")
		if donor == "" {
			donor = AnonymousName
		}
		desc := l.Description
		if r := []rune(desc); len(r) > 400 {
			desc = string(r[:400])
		}
		ds[i] = Donation{FundID: fund.ID, FundCode: fund.Code, DonorName: donor, PublicName: donor, Channel: Bank, Amount: l.Amount,
			Currency: "VND", BankRef: l.Reference, ReceivedDate: l.Date, Description: desc, Status: Recorded, StatementKey: l.Key,
			CreatedBy: a.UserID, CreatedAt: now}
		text := fmt.Sprintf("Tiếp nhận ủng hộ %s (chuyển khoản %s) – %s", fund.Code, l.Reference, donor)
		text = ledger.ClipDescription(text)
		entries[i] = ledger.EntryInput{Date: l.Date, Kind: ledger.KindDonation, Description: text, Source: ledger.Source{Type: "donation"},
			Postings: []ledger.PostingInput{{Account: bankAcc, Amount: l.Amount}, {Account: revAcc, Amount: l.Amount.Neg()}}}
	}
	numbered, err := tx.NumberReceipts(ds)
	if err != nil {
		return err
	}
	for i := range entries {
		entries[i].Source.ID = numbered[i].ReceiptNo
	}
	es, _, err := s.ledger.Record(ctx, tx, ledger.Actor{UserID: a.UserID}, entries)
	if err != nil {
		return err
	}
	for i := range numbered {
		numbered[i].EntryID = es[i].ID
	}
	_, err = tx.InsertDonations(numbered)
	return err
}
