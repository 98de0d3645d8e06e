package web

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/audit"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestConsoleFund: the fund officer's pages record through the domain as
// the API does: a donation (money, foreign currency, goods, a registered
// donor found without accents), its receipt, a void, a statement import;
// every form posted twice records once, refuses a post without the CSRF
// token, and shows the domain's errors next to the fields.
func TestConsoleFund(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		fund := f.as(t, "fund.test")
		start := entryCount(t, f)
		t.Cleanup(func() {
			// Every entry the pages appended is in exactly one audit
			// record, as the API's writes are.
			missing, doubled, err := db.Audit().AuditCoverage(context.Background(), start)
			if err != nil || len(missing) > 0 || len(doubled) > 0 {
				t.Errorf("audit coverage after entry %d: missing %v, doubled %v, err %v", start, missing, doubled, err)
			}
		})
		t.Run("record", func(t *testing.T) { testFundRecord(t, f, fund) })
		t.Run("field errors", func(t *testing.T) { testFundFieldErrors(t, f, fund) })
		t.Run("donor search and goods", func(t *testing.T) { testFundDonorAndGoods(t, f, fund) })
		t.Run("void", func(t *testing.T) { testFundVoid(t, f, fund) })
		t.Run("list", func(t *testing.T) { testFundList(t, f, fund) })
		t.Run("statement", func(t *testing.T) { testFundStatement(t, f, fund) })
		t.Run("roles", func(t *testing.T) { testFundRoles(t, f) })
		t.Run("english", func(t *testing.T) {
			en := f.as(t, "fund.test")
			for path, want := range map[string]string{"/console/donations/new?lang=en": "Search the donor registry",
				"/console/donations?lang=en": "Donations register", "/console/statements?lang=en": "Check (records nothing)",
				"/console/stock?lang=en": "Stock by warehouse", "/console/stock/moves?lang=en": "Issue to an organisation",
				"/console/plans?lang=en": "Allocation plans", "/console/plans/new?lang=en": "Draft and send for approval"} {
				if r := en.get(path); r.Status != 200 || !strings.Contains(r.Body, want) || strings.Contains(r.Body, "console.fund.") {
					t.Errorf("%s in English: %d, lacks %q or shows a key", path, r.Status, want)
				}
			}
			en.get("/console?lang=vi")
		})
	})
}

// hiddenValue is the value of the first input named name after marker in body.
func hiddenValue(t *testing.T, body, marker, name string) string {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", marker, body)
	}
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(body[i:])
	if m == nil {
		t.Fatalf("no input %q after %q in:\n%s", name, marker, body)
	}
	return html.UnescapeString(m[1])
}

// newDonationForm opens the form and returns its keys with the fields.
func newDonationForm(t *testing.T, b *signinClient, fields url.Values) url.Values {
	t.Helper()
	page := b.get("/console/donations/new")
	if page.Status != 200 {
		t.Fatalf("new donation form: %d\n%s", page.Status, page.Body)
	}
	v := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {hiddenValue(t, page.Body, `id="donation-form"`, "idem")}}
	for k, vs := range fields {
		v[k] = vs
	}
	return v
}

var donationPath = regexp.MustCompile(`^/console/donations/([0-9]+)\?recorded=1$`)

// recorded is the donation a 303 after the form points to.
func recorded(t *testing.T, f *consoleFixture, r signinAnswer) donations.Donation {
	t.Helper()
	m := donationPath.FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("record: %d %q\n%s", r.Status, r.Header.Get("Location"), r.Body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	d, err := f.srv.Donations.Get(context.Background(), id)
	must(t, err)
	return d
}

func today() string { return ledger.DateOf(time.Now()).String() }

func entryCount(t *testing.T, f *consoleFixture) int64 {
	t.Helper()
	rep, err := f.srv.Ledger.Verify(context.Background())
	must(t, err)
	return rep.Entries
}

func testFundRecord(t *testing.T, f *consoleFixture, b *signinClient) {
	before := entryCount(t, f)
	form := newDonationForm(t, b, url.Values{"fund": {"POOR"}, "channel": {"cash"}, "amount": {"1.500.000"}, "received_date": {today()},
		"donor_name": {"Võ Thị Hai Lần"}, "earmark": {"district:943"}, "description": {"ủng hộ bà con"}})
	// Without the CSRF token: refused, nothing recorded.
	noCSRF := url.Values{}
	for k, v := range form {
		if k != "csrf" {
			noCSRF[k] = v
		}
	}
	if r := b.post("/console/donations/new", noCSRF); r.Status != http.StatusForbidden {
		t.Errorf("no CSRF: %d", r.Status)
	}
	if n := entryCount(t, f); n != before {
		t.Fatalf("a post without the CSRF token recorded %d entries", n-before)
	}
	r1 := b.post("/console/donations/new", form)
	d := recorded(t, f, r1)
	// The same form again (a double click, a resubmitted page): the same receipt.
	r2 := b.post("/console/donations/new", form)
	if r2.Status != http.StatusSeeOther || r2.Header.Get("Location") != r1.Header.Get("Location") {
		t.Errorf("second submit: %d %q, want %q", r2.Status, r2.Header.Get("Location"), r1.Header.Get("Location"))
	}
	if n := entryCount(t, f); n != before+1 {
		t.Errorf("two submits of one form wrote %d entries, want 1", n-before)
	}
	// Audited once, as the API's write, with the donation and its entry.
	recs, err := f.audit.List(context.Background(), audit.Filter{Route: "/console/donations/new", Limit: 10})
	must(t, err)
	withEntry := 0
	for _, rec := range recs {
		if rec.UserID != f.fundOfficer.ID || rec.Status != http.StatusCreated {
			t.Errorf("audit record %+v", rec)
		}
		if rec.EntryFirst == d.EntryID && rec.EntryLast == d.EntryID {
			withEntry++
		}
	}
	// Each post is audited (the second as a replay, without entries); the
	// entry is in exactly one record, written in its transaction.
	if len(recs) != 2 || withEntry != 1 {
		t.Errorf("audit of the donation: %+v", recs)
	}
	ds, err := f.srv.Donations.List(context.Background(), donations.Filter{Query: "vo thi hai lan", Limit: 10})
	must(t, err)
	if len(ds) != 1 || !ds[0].Amount.Equal(decimal.NewFromInt(1_500_000)) || d.Earmark != "district:943" || d.Channel != donations.Cash {
		t.Fatalf("recorded: %+v (of %d)", d, len(ds))
	}
	// The receipt: number, donor, amount, QR of the public page, void form.
	rc := b.get("/console/donations/" + strconv.FormatInt(d.ID, 10) + "?recorded=1")
	for _, want := range []string{d.ReceiptNo, "Võ Thị Hai Lần", "1.500.000 đ", `<svg class="qr"`, "/r/" + d.ReceiptNo, `id="recorded"`,
		`action="/console/donations/` + strconv.FormatInt(d.ID, 10) + `/void"`, "Kế Sách", "paper-a5"} {
		if !strings.Contains(rc.Body, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}
	if a4 := b.get("/console/donations/" + strconv.FormatInt(d.ID, 10) + "?paper=a4"); !strings.Contains(a4.Body, "paper-a4") {
		t.Error("the A4 receipt is not marked for A4")
	}
	if en := b.get("/console/donations/" + strconv.FormatInt(d.ID, 10) + "?lang=en"); !strings.Contains(en.Body, "Donation receipt no.") {
		t.Error("the receipt in English lacks its heading")
	}
	b.get("/console?lang=vi")
	if r := b.get("/console/donations/999999"); r.Status != 404 {
		t.Errorf("missing donation: %d", r.Status)
	}

	// Foreign currency: the đồng are the original amount × the rate.
	usd := recorded(t, f, b.post("/console/donations/new", newDonationForm(t, b, url.Values{"fund": {"COVID"}, "channel": {"bank"},
		"currency": {"usd"}, "original_amount": {"100"}, "rate": {"23500"}, "bank_ref": {"FT-USD-1"}, "received_date": {today()},
		"donor_name": {"Hội người Việt tại Úc"}})))
	if !usd.Amount.Equal(decimal.NewFromInt(2_350_000)) || usd.Currency != "USD" {
		t.Errorf("USD donation: %s %s", usd.Amount, usd.Currency)
	}
}

func testFundFieldErrors(t *testing.T, f *consoleFixture, b *signinClient) {
	before := entryCount(t, f)
	r := b.post("/console/donations/new", newDonationForm(t, b, url.Values{"fund": {"POOR"}, "channel": {"cash"}, "amount": {"0"},
		"received_date": {today()}, "donor_name": {"Lâm Văn Không"}}))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("amount 0: %d", r.Status)
	}
	// The message is next to the amount's input, which names it.
	want := `<p class="field-error" id="amount-error" role="alert">Số tiền phải lớn hơn 0.</p>`
	i, j := strings.Index(r.Body, `id="amount"`), strings.Index(r.Body, want)
	if i < 0 || j < i || j-i > 600 || !strings.Contains(r.Body, `aria-describedby="amount-hint amount-error"`) {
		t.Errorf("amount 0: the error is not next to the field:\n%s", r.Body)
	}
	// The form keeps what was typed.
	if !strings.Contains(r.Body, `value="Lâm Văn Không"`) {
		t.Error("the refused form lost the donor's name")
	}
	// A bank transfer without its reference; no donor at all.
	r = b.post("/console/donations/new", newDonationForm(t, b, url.Values{"fund": {"POOR"}, "channel": {"bank"}, "amount": {"100000"},
		"received_date": {today()}}))
	if r.Status != 422 || !strings.Contains(r.Body, `id="bank_ref-error"`) || !strings.Contains(r.Body, `id="donor_name-error"`) {
		t.Errorf("bank without reference or donor: %d\n%s", r.Status, r.Body)
	}
	if n := entryCount(t, f); n != before {
		t.Errorf("refused forms recorded %d entries", n-before)
	}
}

func testFundDonorAndGoods(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	donor, _, err := f.srv.Donations.CreateDonor(ctx, donations.DonorInput{Name: "Doanh nghiệp Đức Thành Phát", Kind: donations.Business, PublishName: true}, nil)
	must(t, err)
	// Found without accents or case.
	s := b.get("/console/donations/new?donor_q=duc+thanh+PHAT")
	if s.Status != 200 || !strings.Contains(s.Body, `name="donor_id" value="`+strconv.FormatInt(donor.ID, 10)+`"`) || !strings.Contains(s.Body, "Doanh nghiệp Đức Thành Phát") {
		t.Fatalf("donor search:\n%s", s.Body)
	}
	if none := b.get("/console/donations/new?donor_q=khong+ai+ten+nay"); !strings.Contains(none.Body, `id="donors-none"`) {
		t.Error("a search without matches does not say so")
	}
	items, err := f.srv.Ledger.Items(ctx)
	must(t, err)
	if len(items) == 0 {
		t.Fatal("no items")
	}
	it := items[0]
	d := recorded(t, f, b.post("/console/donations/new", newDonationForm(t, b, url.Values{"fund": {"COVID"}, "channel": {"in_kind"},
		"donor_id": {strconv.FormatInt(donor.ID, 10)}, "received_date": {today()}, "lines[0].item": {it.Code}, "lines[0].quantity": {"10"},
		"lines[0].unit_value": {"20.000"}})))
	if d.DonorID != donor.ID || len(d.Lines) != 1 || !d.Amount.Equal(decimal.NewFromInt(200_000)) || d.Warehouse == "" {
		t.Errorf("in kind: %+v", d)
	}
	rc := b.get("/console/donations/" + strconv.FormatInt(d.ID, 10))
	if !strings.Contains(rc.Body, it.NameVI+": 10 "+it.Unit+" × 20.000 đ = 200.000 đ") {
		t.Errorf("the receipt lacks its goods line:\n%s", rc.Body)
	}
	// A goods line with a bad quantity: the error is next to that line's input.
	r := b.post("/console/donations/new", newDonationForm(t, b, url.Values{"fund": {"COVID"}, "channel": {"in_kind"}, "donor_name": {"X"},
		"received_date": {today()}, "lines[0].item": {it.Code}, "lines[0].quantity": {"-1"}, "lines[0].unit_value": {"1000"}}))
	if r.Status != 422 || !strings.Contains(r.Body, `id="lines[0].quantity-error"`) {
		t.Errorf("bad quantity: %d\n%s", r.Status, r.Body)
	}
}

func testFundVoid(t *testing.T, f *consoleFixture, b *signinClient) {
	d := recorded(t, f, b.post("/console/donations/new", newDonationForm(t, b, url.Values{"fund": {"POOR"}, "channel": {"cash"},
		"amount": {"300000"}, "received_date": {today()}, "donor_name": {"Người Ghi Nhầm"}})))
	path := "/console/donations/" + strconv.FormatInt(d.ID, 10)
	rc := b.get(path)
	form := url.Values{"csrf": {formCSRF(t, rc.Body)}, "idem": {hiddenValue(t, rc.Body, `id="void"`, "idem")}, "reason": {"ghi nhầm số tiền"}, "date": {today()}}
	if r := b.post(path+"/void", url.Values{"idem": form["idem"], "reason": form["reason"]}); r.Status != http.StatusForbidden {
		t.Errorf("void without CSRF: %d", r.Status)
	}
	// No reason: the message is next to the reason.
	if r := b.post(path+"/void", url.Values{"csrf": form["csrf"], "idem": form["idem"], "date": form["date"]}); r.Status != 422 ||
		!strings.Contains(r.Body, `<p class="field-error" id="reason-error" role="alert">Hãy ghi lý do hủy (tối đa 300 ký tự).</p>`) {
		t.Errorf("void without reason: %d\n%s", r.Status, r.Body)
	}
	before := entryCount(t, f)
	for i := 0; i < 2; i++ {
		if r := b.post(path+"/void", form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != path {
			t.Fatalf("void %d: %d %q\n%s", i, r.Status, r.Header.Get("Location"), r.Body)
		}
	}
	if n := entryCount(t, f); n != before+1 {
		t.Errorf("two submits of the void wrote %d entries, want 1", n-before)
	}
	got, err := f.srv.Donations.Get(context.Background(), d.ID)
	must(t, err)
	if got.Status != donations.Voided || got.VoidReason != "ghi nhầm số tiền" {
		t.Errorf("voided: %+v", got)
	}
	rc = b.get(path)
	if !strings.Contains(rc.Body, `id="voided"`) || strings.Contains(rc.Body, `id="void-submit"`) || !strings.Contains(rc.Body, "ghi nhầm số tiền") {
		t.Errorf("the voided receipt:\n%s", rc.Body)
	}
}

func testFundList(t *testing.T, f *consoleFixture, b *signinClient) {
	r := b.get("/console/donations?q=vo+thi+hai+lan&fund=POOR&channel=cash")
	if r.Status != 200 || !strings.Contains(r.Body, "Võ Thị Hai Lần") || !strings.Contains(r.Body, ">Kế Sách</td>") || strings.Contains(r.Body, "Người Ghi Nhầm") {
		t.Errorf("filtered list:\n%s", r.Body)
	}
	if r := b.get("/console/donations?channel=cheque"); r.Status != 400 || !strings.Contains(r.Body, "cheque") {
		t.Errorf("bad channel: %d", r.Status)
	}
	// Pages of 2 by cursor: every donation of COVID once, in order.
	var seen []string
	next := "?fund=COVID&limit=2"
	for pages := 0; next != "" && pages < 1000; pages++ {
		r := b.get("/console/donations" + next)
		if r.Status != 200 {
			t.Fatalf("page %s: %d", next, r.Status)
		}
		for _, m := range regexp.MustCompile(`data-donation="([0-9]+)"`).FindAllStringSubmatch(r.Body, -1) {
			seen = append(seen, m[1])
		}
		next = ""
		if m := regexp.MustCompile(`href="(\?[^"]*)" id="next"`).FindStringSubmatch(r.Body); m != nil {
			next = html.UnescapeString(m[1])
		}
		if len(seen) > 40 {
			break
		}
	}
	ds, err := f.srv.Donations.List(context.Background(), donations.Filter{Limit: 41, FundID: fundID(t, f, "COVID")})
	must(t, err)
	if len(seen) != len(ds) && !(len(seen) > 40 && len(ds) > 40) {
		t.Errorf("paging saw %d donations, the fund has %d", len(seen), len(ds))
	}
	for i := range min(len(seen), len(ds)) {
		if seen[i] != strconv.FormatInt(ds[i].ID, 10) {
			t.Fatalf("paging: %d-th is %s, want %d", i, seen[i], ds[i].ID)
		}
	}
}

func fundID(t *testing.T, f *consoleFixture, code string) int64 {
	fd, err := f.srv.Ledger.Fund(context.Background(), code)
	must(t, err)
	return fd.ID
}

// postStatement posts a multipart form with a file, as a browser does.
func (b *signinClient) postStatement(path string, fields url.Values, name string, content []byte) signinAnswer {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			must(b.t, mw.WriteField(k, v))
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		must(b.t, err)
		fw.Write(content)
	}
	must(b.t, mw.Close())
	res, err := b.c.Post(b.base+path, mw.FormDataContentType(), &body)
	must(b.t, err)
	return readAnswer(b.t, res)
}

// fundStatement is a small statement: three transfers, a debit and a line
// whose amount cannot be read.
const fundStatement = "date,reference,amount,description,counterparty_name\n" +
	"2021-08-02,FTW0001,\"500.000\",ung ho Soc Trang,Nguyễn Văn Một\n" +
	"2021-08-02,FTW0002,\"1.200.000\",ung ho chong dich,Trần Thị Hai\n" +
	"2021-08-03,FTW0003,250000,ung ho,Lý Văn Ba\n" +
	"2021-08-03,FTW0004,-100000,phi chuyen tien,Ngân hàng\n" +
	"2021-08-04,FTW0005,một triệu,ung ho,Tô Văn Năm\n"

func testFundStatement(t *testing.T, f *consoleFixture, b *signinClient) {
	ctx := context.Background()
	count := func() int {
		ds, err := f.srv.Donations.List(ctx, donations.Filter{Query: "FTW000", Limit: 100})
		must(t, err)
		return len(ds)
	}
	page := b.get("/console/statements")
	if page.Status != 200 {
		t.Fatalf("statements: %d", page.Status)
	}
	keys := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {hiddenValue(t, page.Body, `id="upload-form"`, "idem")}, "fund": {"COVID"}}
	if r := b.postStatement("/console/statements", url.Values{"fund": {"COVID"}}, "saoke.csv", []byte(fundStatement)); r.Status != http.StatusForbidden {
		t.Errorf("upload without CSRF: %d", r.Status)
	}
	if r := b.postStatement("/console/statements", keys, "", nil); r.Status != 422 || !strings.Contains(r.Body, `id="file-error"`) {
		t.Errorf("no file: %d", r.Status)
	}
	pv := b.postStatement("/console/statements", keys, "saoke.csv", []byte(fundStatement))
	if pv.Status != 200 {
		t.Fatalf("preview: %d\n%s", pv.Status, pv.Body)
	}
	for _, want := range []string{`id="preview-note"`, `<strong id="count-lines">5</strong>`, `<strong id="count-created">3</strong>`,
		`<strong id="count-duplicates">0</strong>`, `<strong id="count-rejected">2</strong>`, "1.950.000 đ", "Dòng 5", "Dòng 6",
		"a debit (money paid out)", `id="confirm"`} {
		if !strings.Contains(pv.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("the preview recorded %d donations", n)
	}
	confirm := url.Values{}
	for _, k := range []string{"csrf", "idem", "fund", "sha", "ext", "name"} {
		confirm.Set(k, hiddenValue(t, pv.Body, `action="/console/statements/confirm"`, k))
	}
	noCSRF := url.Values{}
	for k, v := range confirm {
		if k != "csrf" {
			noCSRF[k] = v
		}
	}
	if r := b.post("/console/statements/confirm", noCSRF); r.Status != http.StatusForbidden || count() != 0 {
		t.Errorf("confirm without CSRF: %d, %d recorded", r.Status, count())
	}
	c1 := b.post("/console/statements/confirm", confirm)
	if c1.Status != http.StatusSeeOther || !strings.HasPrefix(c1.Header.Get("Location"), "/console/statements/result?") {
		t.Fatalf("confirm: %d %q\n%s", c1.Status, c1.Header.Get("Location"), c1.Body)
	}
	c2 := b.post("/console/statements/confirm", confirm)
	if c2.Status != http.StatusSeeOther || c2.Header.Get("Location") != c1.Header.Get("Location") {
		t.Errorf("second confirm: %d %q", c2.Status, c2.Header.Get("Location"))
	}
	if n := count(); n != 3 {
		t.Errorf("recorded %d donations, want 3", n)
	}
	res := b.get(c1.Header.Get("Location"))
	if res.Status != 200 || !strings.Contains(res.Body, `id="import-done"`) || !strings.Contains(res.Body, `<strong id="count-created">3</strong>`) {
		t.Errorf("result:\n%s", res.Body)
	}
	// Another session of another fund officer cannot read it.
	f.user(t, "Đỗ Thị Quỹ Hai", "fund2.test", "fund_officer", "")
	if r := f.as(t, "fund2.test").get(c1.Header.Get("Location")); r.Status != 404 {
		t.Errorf("another session read the report: %d", r.Status)
	}
	// The same statement again: every line a duplicate, nothing to confirm.
	again := b.postStatement("/console/statements", keys, "saoke.csv", []byte(fundStatement))
	if !strings.Contains(again.Body, `<strong id="count-created">0</strong>`) || !strings.Contains(again.Body, `<strong id="count-duplicates">3</strong>`) ||
		!strings.Contains(again.Body, `id="nothing"`) || !strings.Contains(again.Body, `id="duplicates-note"`) ||
		!strings.Contains(again.Body, `id="duplicates"`) || !strings.Contains(again.Body, ">FTW0002</a>") || !strings.Contains(again.Body, "Trần Thị Hai") {
		t.Errorf("re-import preview:\n%s", again.Body)
	}
	confirm.Set("idem", hiddenValue(t, again.Body, `action="/console/statements/confirm"`, "idem"))
	if r := b.post("/console/statements/confirm", confirm); r.Status != http.StatusSeeOther {
		t.Errorf("re-import confirm: %d", r.Status)
	}
	if n := count(); n != 3 {
		t.Errorf("after re-import: %d donations, want 3", n)
	}
	// A file that is not a statement: the reason is shown.
	bad := b.postStatement("/console/statements", keys, "notes.csv", []byte("hello,world\n1,2\n"))
	if bad.Status != 422 || !strings.Contains(bad.Body, `class="error"`) && !strings.Contains(bad.Body, `id="file-error"`) {
		t.Errorf("not a statement: %d\n%s", bad.Status, bad.Body)
	}
}

func testFundRoles(t *testing.T, f *consoleFixture) {
	officer, auditor := f.as(t, "officer.943"), f.as(t, "auditor.test")
	for _, c := range []struct {
		b      *signinClient
		path   string
		status int
	}{
		{officer, "/console/donations/new", 403},
		{officer, "/console/statements", 403},
		{auditor, "/console/donations/new", 403},
		{auditor, "/console/statements", 403},
	} {
		if r := c.b.get(c.path); r.Status != c.status {
			t.Errorf("GET %s: %d, want %d", c.path, r.Status, c.status)
		}
	}
	home := auditor.get("/console")
	if strings.Contains(home.Body, `href="/console/donations/new"`) || strings.Contains(home.Body, `href="/console/statements"`) {
		t.Error("the auditor's navigation offers the fund officer's forms")
	}
}

// TestConsoleFundStock: stock by warehouse as the API's, a district
// officer seeing only their district's warehouses.
func TestConsoleFundStock(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		ctx := context.Background()
		rows, err := f.srv.Goods.Stock(ctx, goods.StockFilter{}, ledger.Date{})
		must(t, err)
		whs, err := f.srv.Goods.Warehouses(ctx)
		must(t, err)
		district := map[string]string{}
		for _, w := range whs {
			district[w.Code] = w.District
		}
		held := map[string]bool{}
		for _, r := range rows {
			if r.Quantity.IsPositive() {
				held[r.Warehouse] = true
			}
		}
		if len(held) == 0 {
			t.Fatal("the demo books hold no goods")
		}
		fund := f.as(t, "fund.test")
		page := fund.get("/console/stock")
		if page.Status != 200 {
			t.Fatalf("stock: %d", page.Status)
		}
		for wh := range held {
			if !strings.Contains(page.Body, `id="wh-`+wh+`"`) {
				t.Errorf("the stock page lacks warehouse %s", wh)
			}
		}
		officer := f.as(t, "officer.943").get("/console/stock")
		if officer.Status != 200 {
			t.Fatalf("officer's stock: %d", officer.Status)
		}
		for wh := range held {
			if shown := strings.Contains(officer.Body, `id="wh-`+wh+`"`); shown != (district[wh] == "943") {
				t.Errorf("district officer of 943 and warehouse %s (district %q): shown=%v", wh, district[wh], shown)
			}
		}
		if r := fund.get("/console/stock?fund=NOPE"); r.Status != 400 {
			t.Errorf("unknown fund: %d", r.Status)
		}
		// One warehouse's total is the sum of its rows' values, as the API's.
		var prov decimal.Decimal
		for _, r := range rows {
			if r.Warehouse == "PROV" {
				prov = prov.Add(r.Value)
			}
		}
		if held["PROV"] && !strings.Contains(page.Body, vi.Money(prov)+`</td><td></td></tr></tfoot>`) {
			t.Errorf("PROV's total %s is not on the page", vi.Money(prov))
		}
	})
}

// TestConsoleFundPlans: a draft allocation plan from the form, once for a
// double submit, with its per-district explanation and cover; errors next
// to their fields; no CSRF, no plan.
func TestConsoleFundPlans(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		ctx := context.Background()
		b := f.as(t, "fund.test")
		count := func() int {
			ps, err := f.srv.Distribution.Plans(ctx, distribution.PlanFilter{Limit: 1000})
			must(t, err)
			return len(ps)
		}
		before := count()
		page := b.get("/console/plans/new")
		if page.Status != 200 {
			t.Fatalf("plan form: %d", page.Status)
		}
		form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {hiddenValue(t, page.Body, `id="plan-form"`, "idem")},
			"title": {"Hỗ trợ Tết hộ nghèo Kế Sách"}, "fund": {"POOR"}, "method": {"rates"}, "rates.poor": {"500.000"},
			"rates.near_poor": {"300000"}, "districts": {"943"}}
		noCSRF := url.Values{}
		for k, v := range form {
			if k != "csrf" {
				noCSRF[k] = v
			}
		}
		if r := b.post("/console/plans/new", noCSRF); r.Status != http.StatusForbidden {
			t.Errorf("no CSRF: %d", r.Status)
		}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("rates.poor", "năm trăm")
		r := b.post("/console/plans/new", bad)
		if r.Status != 422 || !strings.Contains(r.Body, `<p class="field-error" id="rates.poor-error" role="alert">“năm trăm” không phải là số; ví dụ 1.500.000.</p>`) {
			t.Errorf("bad rate: %d\n%s", r.Status, r.Body)
		}
		bad.Set("rates.poor", "500000")
		bad.Set("title", "")
		if r := b.post("/console/plans/new", bad); r.Status != 422 || !strings.Contains(r.Body, `id="title-error"`) {
			t.Errorf("no title: %d\n%s", r.Status, r.Body)
		}
		if n := count(); n != before {
			t.Fatalf("refused forms drafted %d plans", n-before)
		}
		r1 := b.post("/console/plans/new", form)
		r2 := b.post("/console/plans/new", form)
		loc := r1.Header.Get("Location")
		if r1.Status != http.StatusSeeOther || !regexp.MustCompile(`^/console/plans/[0-9]+\?created=1$`).MatchString(loc) || r2.Header.Get("Location") != loc {
			t.Fatalf("draft: %d %q, again %q\n%s", r1.Status, loc, r2.Header.Get("Location"), r1.Body)
		}
		if n := count(); n != before+1 {
			t.Errorf("two submits drafted %d plans, want 1", n-before)
		}
		id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/console/plans/"), "?created=1"), 10, 64)
		p, err := f.srv.Distribution.PlanWithCover(ctx, id)
		must(t, err)
		if p.Status != distribution.Draft || len(p.Result.Districts) != 1 || p.Result.Districts[0].District != "943" {
			t.Fatalf("plan: %+v", p.Plan)
		}
		view := b.get(loc)
		for _, want := range []string{`id="created"`, "Hỗ trợ Tết hộ nghèo Kế Sách", "Kế Sách (943)", `id="shares"`, vi.Money(p.Total) + " đ", `id="cover"`,
			"Bản nháp, chờ duyệt"} {
			if !strings.Contains(view.Body, want) {
				t.Errorf("plan page lacks %q", want)
			}
		}
		if p.Cover.Missing.IsPositive() != strings.Contains(view.Body, `id="cover-missing"`) {
			t.Errorf("cover missing %s, page says otherwise", p.Cover.Missing)
		}
		list := b.get("/console/plans?fund=POOR&status=draft")
		if list.Status != 200 || !strings.Contains(list.Body, `data-plan="`+strconv.FormatInt(id, 10)+`"`) {
			t.Errorf("plans list:\n%s", list.Body)
		}
		if r := f.as(t, "auditor.test").get("/console/plans/new"); r.Status != 403 {
			t.Errorf("auditor's plan form: %d", r.Status)
		}
		if r := b.get("/console/plans/99999"); r.Status != 404 {
			t.Errorf("missing plan: %d", r.Status)
		}
	})
}

// TestConsoleFundMoves: a transfer and an issue from the forms, once for a
// double submit; the recipient's error next to it; a district officer
// cannot move the province's goods (as if the warehouse did not exist).
func TestConsoleFundMoves(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		ctx := context.Background()
		rows, err := f.srv.Goods.Stock(ctx, goods.StockFilter{Warehouse: "PROV"}, ledger.Date{})
		must(t, err)
		var src goods.StockRow
		for _, r := range rows {
			if r.Designation == "" && r.Quantity.GreaterThanOrEqual(decimal.NewFromInt(5)) {
				src = r
				break
			}
		}
		if src.Item == "" {
			t.Fatal("PROV holds no unrestricted goods")
		}
		level := func(wh string) decimal.Decimal {
			rs, err := f.srv.Goods.Stock(ctx, goods.StockFilter{Fund: src.Fund, Warehouse: wh, Item: src.Item}, ledger.Date{})
			must(t, err)
			var q decimal.Decimal
			for _, r := range rs {
				if r.Designation == "" {
					q = q.Add(r.Quantity)
				}
			}
			return q
		}
		b := f.as(t, "fund.test")
		page := b.get("/console/stock/moves")
		if page.Status != 200 {
			t.Fatalf("moves: %d", page.Status)
		}
		transfer := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {hiddenValue(t, page.Body, `id="transfer-form"`, "idem")},
			"fund": {src.Fund}, "item": {src.Item}, "quantity": {"2"}, "from": {"PROV"}, "to": {"D943"}, "date": {today()}}
		if r := b.post("/console/stock/transfers", url.Values{"idem": transfer["idem"], "fund": {src.Fund}}); r.Status != http.StatusForbidden {
			t.Errorf("no CSRF: %d", r.Status)
		}
		prov, d943 := level("PROV"), level("D943")
		for i := 0; i < 2; i++ {
			r := b.post("/console/stock/transfers", transfer)
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/console/stock/moves?moved=") {
				t.Fatalf("transfer %d: %d %q\n%s", i, r.Status, r.Header.Get("Location"), r.Body)
			}
		}
		if got := level("D943"); !got.Equal(d943.Add(decimal.NewFromInt(2))) {
			t.Errorf("D943 holds %s, want %s + 2 (one transfer)", got, d943)
		}
		issue := url.Values{"csrf": transfer["csrf"], "idem": {hiddenValue(t, page.Body, `id="issue-form"`, "idem")},
			"fund": {src.Fund}, "item": {src.Item}, "quantity": {"1"}, "warehouse": {"PROV"}, "date": {today()}}
		r := b.post("/console/stock/issues", issue)
		if r.Status != 422 || !strings.Contains(r.Body, `id="recipient-error"`) {
			t.Errorf("issue without recipient: %d\n%s", r.Status, r.Body)
		}
		issue.Set("recipient", "Chốt kiểm dịch cầu Mỹ Thanh")
		for i := 0; i < 2; i++ {
			if r := b.post("/console/stock/issues", issue); r.Status != http.StatusSeeOther {
				t.Fatalf("issue %d: %d\n%s", i, r.Status, r.Body)
			}
		}
		if got := level("PROV"); !got.Equal(prov.Sub(decimal.NewFromInt(3))) {
			t.Errorf("PROV holds %s, want %s − 3", got, prov)
		}
		// The district officer of 943: the province's warehouse is not theirs.
		o := f.as(t, "officer.943")
		op := o.get("/console/stock/moves")
		if op.Status != 200 || strings.Contains(op.Body, `<option value="PROV"`) && strings.Contains(hiddenSection(op.Body, `id="issue-form"`), `value="PROV"`) {
			t.Errorf("officer's moves page: %d", op.Status)
		}
		ot := url.Values{"csrf": {formCSRF(t, op.Body)}, "idem": {hiddenValue(t, op.Body, `id="transfer-form"`, "idem")},
			"fund": {src.Fund}, "item": {src.Item}, "quantity": {"1"}, "from": {"PROV"}, "to": {"D943"}}
		if r := o.post("/console/stock/transfers", ot); r.Status != 404 {
			t.Errorf("officer moving PROV's goods: %d", r.Status)
		}
		if got := level("PROV"); !got.Equal(prov.Sub(decimal.NewFromInt(3))) {
			t.Errorf("the officer moved PROV's goods: %s", got)
		}
	})
}

// hiddenSection is body from marker to the end of its form.
func hiddenSection(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	s := body[i:]
	if j := strings.Index(s, "</form>"); j >= 0 {
		s = s[:j]
	}
	return s
}

// TestConsoleFundGoods: items added from the form once for a double
// submit, the domain's errors next to the fields; warehouses only by an
// admin, as the API.
func TestConsoleFundGoods(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newConsoleFixture(t, db)
		b := f.as(t, "fund.test")
		page := b.get("/console/goods")
		if page.Status != 200 || strings.Contains(page.Body, `id="warehouse-form"`) || !strings.Contains(page.Body, `id="item-form"`) {
			t.Fatalf("goods page for a fund officer: %d", page.Status)
		}
		form := url.Values{"csrf": {formCSRF(t, page.Body)}, "idem": {hiddenValue(t, page.Body, `id="item-form"`, "idem")},
			"code": {"SOAP"}, "name_vi": {"Xà phòng"}, "name_en": {"Soap"}, "unit": {"bánh"}, "decimals": {"0"}}
		if r := b.post("/console/goods/items", url.Values{"idem": form["idem"], "code": {"SOAP"}}); r.Status != 403 {
			t.Errorf("no CSRF: %d", r.Status)
		}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("code", "x y")
		bad.Set("decimals", "9")
		if r := b.post("/console/goods/items", bad); r.Status != 422 || !strings.Contains(r.Body, `id="code-error"`) || !strings.Contains(r.Body, `id="decimals-error"`) {
			t.Errorf("bad item: %d\n%s", r.Status, r.Body)
		}
		for i := 0; i < 2; i++ {
			if r := b.post("/console/goods/items", form); r.Status != 303 || r.Header.Get("Location") != "/console/goods?item_added=SOAP" {
				t.Fatalf("add item %d: %d %q\n%s", i, r.Status, r.Header.Get("Location"), r.Body)
			}
		}
		items, err := f.srv.Ledger.Items(context.Background())
		must(t, err)
		n := 0
		for _, it := range items {
			if it.Code == "SOAP" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d items SOAP", n)
		}
		if r := b.post("/console/goods/warehouses", url.Values{"csrf": form["csrf"], "idem": {"k"}, "code": {"D943B"}, "name": {"Kho 2"}}); r.Status != 403 {
			t.Errorf("a fund officer added a warehouse: %d", r.Status)
		}
		if r := b.get("/console/goods?item_added=SOAP"); !strings.Contains(r.Body, "Xà phòng") || !strings.Contains(r.Body, `id="added"`) {
			t.Errorf("the new item is not listed")
		}
	})
}
