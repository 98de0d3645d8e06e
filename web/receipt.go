package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"

	rl "reliefledger"
	"reliefledger/checkpoint"
	"reliefledger/donations"
	"reliefledger/internal/i18n"
)

// receiptData is what /r/{code} shows: the published fields of a receipt
// (as GET /api/v1/public/receipts/{code}), the hash of its journal entry
// and the signed checkpoint that covers it.
type receiptData struct {
	D           donations.Donation
	Anonymous   bool
	FundName    string
	Description string // masked
	VoidReason  string // masked
	Earmark     string
	Lines       []receiptLine
	EntryHash   string
	Checkpoint  *checkpoint.Checkpoint
	URL         string
	QR          template.HTML
}

// receiptLine is a goods line of an in-kind receipt, with its item's name.
type receiptLine struct {
	donations.Line
	Name, Unit string
}

// receipt verifies a receipt by its number.
func (s *Server) receipt(w http.ResponseWriter, r *http.Request) {
	ctx, l, code := r.Context(), lang(r), r.PathValue("code")
	d, err := s.Donations.ByReceipt(ctx, code)
	if rl.ErrorKind(err) == rl.NotFound {
		s.render(w, r, http.StatusNotFound, "message", message{Title: i18n.T(l, i18n.WebReceiptNotFound),
			Text: i18n.F(l, i18n.WebReceiptNotFoundText, code)})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data := receiptData{D: d, Anonymous: d.PublicName == donations.AnonymousName, Description: donations.MaskNumbers(d.Description),
		VoidReason: donations.MaskNumbers(d.VoidReason), FundName: d.FundCode}
	if len(d.Lines) > 0 {
		items, err := s.itemNames(r, l)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, ln := range d.Lines {
			it, ok := items[ln.Item]
			if !ok {
				it.NameVI = ln.Item
			}
			data.Lines = append(data.Lines, receiptLine{Line: ln, Name: it.NameVI, Unit: it.Unit})
		}
	}
	if d.Earmark != "" {
		data.Earmark = earmarkText(l, s.Households.DistrictNames(), d.Earmark)
	}
	if f, err := s.Ledger.Fund(ctx, d.FundCode); err == nil {
		data.FundName = f.NameVI
		if l == i18n.EN && f.NameEN != "" {
			data.FundName = f.NameEN
		}
	}
	e, err := s.Ledger.Entry(ctx, d.EntryID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data.EntryHash = e.Hash
	if data.Checkpoint, err = s.covering(ctx, d.EntryID); err != nil {
		s.serverError(w, r, err)
		return
	}
	data.URL = s.baseURL(r) + "/r/" + url.PathEscape(d.ReceiptNo)
	if data.QR, err = qrSVG(data.URL, i18n.F(l, i18n.WebReceiptQR, data.URL)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "receipt", data)
}

// covering is the first signed checkpoint whose entry is at or after
// entryID: it signs a hash chain that includes the entry. nil when no
// checkpoint has been made since (the next one will cover it).
func (s *Server) covering(ctx context.Context, entryID int64) (*checkpoint.Checkpoint, error) {
	if s.Checkpoints == nil {
		return nil, errors.New("web: no checkpoint service")
	}
	const page = 500
	for after := int64(0); ; {
		cs, err := s.Checkpoints.List(ctx, after, page)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.EntryID >= entryID {
				return &c, nil
			}
		}
		if len(cs) < page {
			return nil, nil
		}
		after = cs[len(cs)-1].ID
	}
}
