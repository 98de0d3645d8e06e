package donations

import (
	"context"
	"fmt"
	"io"
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

// statementChunk is how many donations one transaction records.
const statementChunk = 5000

// analyzeAfter is how many donations make an import grow the tables enough
// to refresh their statistics.
const analyzeAfter = 10000

// ImportStatement turns a bank statement's credit lines into bank-transfer
// donations to a fund. Lines recorded by an earlier import (same key: see
// package bank) are skipped, so importing a statement again, or an
// overlapping one, records nothing twice, while two genuine transfers that
// share a reference on different days are both kept. Debits and unusable
// lines are listed with their line number and why. Donations are recorded
// in transactions of 5,000; a failure leaves earlier chunks recorded and a
// rerun completes the rest. A file that cannot be read at all is Invalid.
func (s *Service) ImportStatement(ctx context.Context, a ledger.Actor, name string, r io.Reader, opt StatementOptions) (StatementReport, error) {
	rep := StatementReport{DryRun: opt.DryRun}
	fund, err := s.ledger.Fund(ctx, opt.Fund)
	if err != nil {
		if rl.ErrorKind(err) == rl.NotFound {
			return rep, rl.InvalidFields(rl.FieldError{Field: "fund", Message: fmt.Sprintf("no fund %q", opt.Fund)})
		}
		return rep, err
	}
	st, err := bank.Parse(name, r, opt.Limits)
	if err != nil {
		return rep, err
	}
	rep.Lines = len(st.Lines) + len(st.Rejected)
	rep.FileTotal = st.Total
	reject := func(line int, amount decimal.Decimal, format string, args ...any) {
		rep.Rejected++
		rep.RejectedTotal = rep.RejectedTotal.Add(amount)
		rep.Problems = append(rep.Problems, StatementProblem{Line: line, Reason: fmt.Sprintf(format, args...), Amount: amount})
	}
	for _, x := range st.Rejected {
		reject(x.Number, x.Amount, "%s", x.Reason)
	}
	today := ledger.DateOf(s.now())
	var credits []bank.Line
	var keys []string
	for _, l := range st.Lines {
		switch {
		case !l.Amount.IsPositive():
			reject(l.Number, l.Amount, "a debit (money paid out), not a donation")
		case l.Date.After(today.AddDays(1)):
			reject(l.Number, l.Amount, "the date %s is in the future", l.Date)
		default:
			credits = append(credits, l)
			keys = append(keys, l.Key)
		}
	}
	known, err := s.store.KnownKeys(ctx, fund.ID, keys)
	if err != nil {
		return rep, err
	}
	var todo []bank.Line
	for _, l := range credits {
		if known[l.Key] {
			rep.Duplicates++
			rep.DuplicateTotal = rep.DuplicateTotal.Add(l.Amount)
			rep.DuplicateLines = append(rep.DuplicateLines, StatementDuplicate{Line: l.Number, Date: l.Date, Reference: l.Reference,
				Amount: l.Amount, Counterparty: l.Counterparty})
			continue
		}
		todo = append(todo, l)
	}
	if !opt.DryRun {
		for start := 0; start < len(todo); start += statementChunk {
			part := todo[start:min(start+statementChunk, len(todo))]
			if err := s.recordLines(ctx, a, fund, part); err != nil {
				return rep, fmt.Errorf("import statement lines %d–%d: %w", part[0].Number, part[len(part)-1].Number, err)
			}
			s.countCreated(&rep, part)
			if opt.Progress != nil {
				opt.Progress(start+len(part), len(todo))
			}
		}
	} else {
		s.countCreated(&rep, todo)
	}
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

func (s *Service) countCreated(rep *StatementReport, ls []bank.Line) {
	for _, l := range ls {
		rep.Created++
		rep.ImportedTotal = rep.ImportedTotal.Add(l.Amount)
	}
}

// recordLines records credit lines as donations in one transaction.
func (s *Service) recordLines(ctx context.Context, a ledger.Actor, fund ledger.Fund, ls []bank.Line) error {
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
	return s.store.InJournal(ctx, func(tx Tx) error {
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
	})
}
