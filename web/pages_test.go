package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/donations"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestPortal checks what each page shows against the domain's own figures,
// and that bad input gets a clear message, on both backends; then a real
// browser goes through the pages (testBrowser). One fixture serves all:
// loading the demo books is the slow part.
func TestPortal(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		h := f.srv.Handler()
		ctx := context.Background()
		t.Run("home", func(t *testing.T) { testHome(t, f, h) })
		t.Run("search", func(t *testing.T) { testSearch(t, f, h) })
		t.Run("receipt", func(t *testing.T) { testReceipt(t, f, h) })
		t.Run("use", func(t *testing.T) { testUse(t, f, h) })
		t.Run("use-trips", func(t *testing.T) { testUseTrips(t, f, h) })
		t.Run("downloads", func(t *testing.T) { testDownloads(t, f, h) })
		t.Run("qr", func(t *testing.T) { testQR(t, f, h) })
		t.Run("paging", func(t *testing.T) { testPaging(t, f, ctx) })
		t.Run("browser", func(t *testing.T) { testBrowser(t, f) })
	})
}

var tags = regexp.MustCompile(`<[^>]+>`)

// text is a page's visible text with its spaces folded, for assertions.
func text(body string) string {
	return strings.Join(strings.Fields(tags.ReplaceAllString(body, " ")), " ")
}

func wantStatus(t *testing.T, h http.Handler, target string, status int, wants ...string) string {
	t.Helper()
	res, body := get(t, h, target)
	if res.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d\n%s", target, res.StatusCode, status, text(body))
	}
	plain := text(body)
	for _, w := range wants {
		if !strings.Contains(plain, w) && !strings.Contains(body, w) {
			t.Errorf("GET %s: no %q in\n%s", target, w, plain)
		}
	}
	if strings.Contains(strings.ToLower(body), "<script") {
		t.Errorf("GET %s: the page has a script; the pages work without JavaScript", target)
	}
	if strings.Contains(body, "⟦") {
		t.Errorf("GET %s: a text is missing from the table: %s", target, body[strings.Index(body, "⟦"):][:60])
	}
	return body
}

func testHome(t *testing.T, f *fixture, h http.Handler) {
	ctx := context.Background()
	sums, err := f.srv.Ledger.FundSummaries(ctx)
	must(t, err)
	accs, err := f.srv.Ledger.AccountsByID(ctx)
	must(t, err)
	var wants []string
	for _, s := range sums {
		fv := fundFigures(i18n.VI, s)
		// The timeline takes the same balances apart by date: summed, it
		// must give the figures above it.
		tl, err := f.srv.fundTimeline(ctx, s.ID, accs)
		must(t, err)
		in, out := decimal.Zero, decimal.Zero
		for _, p := range tl.Periods {
			in, out = in.Add(p.Received), out.Add(p.Distributed)
		}
		if !in.Equal(fv.Received) || !out.Equal(fv.Distributed) {
			t.Errorf("%s: timeline sums to %s received, %s distributed; the fund shows %s, %s", s.Code, in, out, fv.Received, fv.Distributed)
		}
		if fv.Received.IsZero() || len(tl.Periods) < 2 || !tl.Weekly {
			t.Errorf("%s: the demo should give a weekly timeline with receipts: %+v", s.Code, tl)
		}
		wants = append(wants, i18n.VI.Number(fv.Received, 0), i18n.VI.Number(fv.Distributed, 0), i18n.VI.Number(fv.OnHand, 0))
	}
	body := wantStatus(t, h, "/", 200, wants...)
	if n := strings.Count(body, `<svg class="chart"`); n != len(sums) {
		t.Errorf("%d charts for %d funds", n, len(sums))
	}
	// The timeline is kept between requests and brought up to date with
	// the entries made since: a new, backdated receipt lands in its week.
	covid, err := f.srv.Ledger.Fund(ctx, "COVID")
	must(t, err)
	before, err := f.srv.fundTimeline(ctx, covid.ID, accs)
	must(t, err)
	_, _, err = f.srv.Donations.Record(ctx, ledger.Actor{}, donations.Input{Fund: "COVID", DonorName: "Late", Channel: donations.Cash,
		Amount: decimal.NewNullDecimal(decimal.NewFromInt(7_000_000)), ReceivedDate: ledger.NewDate(2021, 8, 4)})
	must(t, err)
	// Accounts read before the entry's account was known: the timeline
	// reads them again rather than fail or skip the entry.
	stale := map[int64]ledger.Account{}
	for id, a := range accs {
		if a.Type != ledger.Revenue {
			stale[id] = a
		}
	}
	after, err := f.srv.fundTimeline(ctx, covid.ID, stale)
	must(t, err)
	for i, p := range after.Periods {
		want := before.Periods[i].Received
		if p.Start.Equal(ledger.NewDate(2021, 8, 2)) {
			want = want.Add(decimal.NewFromInt(7_000_000))
		}
		if !p.Received.Equal(want) {
			t.Errorf("week of %s: received %s, want %s", p.Start, p.Received, want)
		}
	}
	wantStatus(t, h, "/?lang=en", 200, "Relief funds", "Received", "Week of 2021-07-12")
}

func testSearch(t *testing.T, f *fixture, h http.Handler) {
	// Accent-free words over the published name: both receipts of Thạch Thị
	// Sa Rết, the duplicate shown as voided.
	body := wantStatus(t, h, "/donations?q=sa+ret", 200, "Tìm thấy 2 khoản ủng hộ", "[demo] Bà Thạch Thị Sa Rết", "Đã hủy")
	if n := strings.Count(body, `<a href="/r/POOR-2021-`); n != 2 {
		t.Errorf("sa ret: %d rows, want 2", n)
	}
	// The anonymous donor is shown as such, by amount written the Vietnamese way.
	wantStatus(t, h, "/donations?amount=5.000.000&fund=COVID", 200, "Tìm thấy 1 khoản ủng hộ", "<em>Nhà hảo tâm (ẩn danh)</em>")
	wantStatus(t, h, "/donations?amount=5.000.000&fund=COVID&lang=en", 200, "1 donation found.", "<em>Anonymous donor</em>")
	// A bank reference, exactly; a date range.
	wantStatus(t, h, "/donations?ref=ft21196000377", 200, "Tìm thấy 1 khoản ủng hộ", "[demo] Ngân hàng TMCP Phát triển Mekong")
	wantStatus(t, h, "/donations?from=2021-07-14&to=14/07/2021", 200, "Tìm thấy 1 khoản ủng hộ", "FT21195000142")
	wantStatus(t, h, "/donations?q=khong+co+ai+ten+nay", 200, "Không có khoản ủng hộ nào khớp.")
	// Bad input: a 400 with a message that names the problem, the form kept.
	for _, c := range []struct{ q, want string }{
		{"amount=n%C4%83m+tri%E1%BB%87u", "Số tiền “năm triệu” không đọc được"},
		{"from=2021-13-01", "Từ ngày: “2021-13-01” không phải là ngày"},
		{"from=2021-08-01&to=2021-07-01", "“Đến ngày” phải sau “Từ ngày”."},
		{"fund=NOPE", "Không có quỹ “NOPE”."},
		{"q=" + strings.Repeat("a", 201), "Từ khóa quá dài: tối đa 200 ký tự."},
		{"q=1+2+3+4+5+6+7+8+9+10+11", "Quá nhiều từ khóa: tối đa 10 từ."},
		{"cursor=%27%3Bdrop", "Liên kết trang tiếp theo đã cũ hoặc bị sửa"},
	} {
		body := wantStatus(t, h, "/donations?"+c.q, 400, c.want)
		if !strings.Contains(body, `role="alert"`) {
			t.Errorf("%s: the message is not announced", c.q)
		}
	}
	// A hostile name is text, never markup.
	body = wantStatus(t, h, "/donations?ref="+f.hostile.ReceiptNo, 200, "Tìm thấy 1 khoản ủng hộ")
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>bold</b>"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") || !strings.Contains(body, "0912****78") {
		t.Errorf("the hostile donor is not shown escaped, or the phone number not masked:\n%s", text(body))
	}
}

func testReceipt(t *testing.T, f *fixture, h http.Handler) {
	ctx := context.Background()
	ds, err := f.srv.Donations.List(ctx, donations.Filter{Query: "sa ret", Limit: 10})
	must(t, err)
	var kept, voided donations.Donation
	for _, d := range ds {
		if d.Status == "voided" {
			voided = d
		} else {
			kept = d
		}
	}
	if voided.ID == 0 || kept.ID == 0 {
		t.Fatalf("the demo's duplicate receipt is missing: %+v", ds)
	}
	e, err := f.srv.Ledger.Entry(ctx, kept.EntryID)
	must(t, err)
	body := wantStatus(t, h, "/r/"+kept.ReceiptNo, 200, "Biên nhận này có trong sổ của quỹ.", kept.ReceiptNo, "26/07/2021", "10.000.000 đ",
		"Quỹ Vì người nghèo", "tiền mặt", e.Hash, "Số "+itoa64(f.cp.ID)+", ký lúc")
	if strings.Contains(body, "ĐÃ HỦY") {
		t.Error("a kept receipt says it was voided")
	}
	wantStatus(t, h, "/r/"+voided.ReceiptNo, 200, "ĐÃ HỦY", "Biên nhận này đã bị hủy ngày 28/07/2021", "Lý do hủy: [demo] Ghi trùng biên nhận")
	wantStatus(t, h, "/r/"+voided.ReceiptNo+"?lang=en", 200, "VOIDED", "This receipt was voided on 2021-07-28")
	// Recorded after the last checkpoint: the next one will cover it.
	wantStatus(t, h, "/r/"+f.hostile.ReceiptNo, 200, "Chưa có điểm ký nào bao gồm bút toán này")
	// An earmark reads as words: the category of households, the district's name.
	for ref, want := range map[string]string{"FT21197000512": "Chỉ định của người ủng hộ hộ nghèo", "FT21201000068": "mục đích: Hỗ trợ lực lượng tuyến đầu"} {
		res, err := f.srv.Donations.Search(ctx, donations.Search{Ref: ref})
		must(t, err)
		if len(res.Donations) != 1 {
			t.Fatalf("%s: %d donations", ref, len(res.Donations))
		}
		wantStatus(t, h, "/r/"+res.Donations[0].ReceiptNo, 200, want)
	}
	// In kind: the goods by name, quantity, unit and value.
	wantStatus(t, h, "/r/COVID-2021-000003", 200, "hiện vật", "Gạo: 7.500 kg × 13.000 đ = 97.500.000 đ", "97.500.000 đ")
	// In another currency, from a donor who asked not to be named.
	wantStatus(t, h, "/r/COVID-2021-000007", 200, "114.350.000 đ", "Nguyên tệ: 5.000 USD", "<em>Nhà hảo tâm (ẩn danh)</em>")
	wantStatus(t, h, "/r/POOR-2021-999999", 404, "Không có biên nhận số “POOR-2021-999999”")
	wantStatus(t, h, "/r/%3Cscript%3E", 404, "“&lt;script&gt;”")
}

func itoa64(n int64) string { return decimal.NewFromInt(n).String() }

func testUse(t *testing.T, f *fixture, h http.Handler) {
	ctx := context.Background()
	fund, err := f.srv.Ledger.Fund(ctx, "POOR")
	must(t, err)
	uses, err := f.srv.Distribution.Use(ctx, fund.ID, ledger.Date{}, ledger.Date{})
	must(t, err)
	if len(uses) == 0 {
		t.Fatal("the demo gave nothing from POOR")
	}
	names := f.srv.Households.DistrictNames()
	var wants []string
	for _, u := range uses {
		wants = append(wants, districtName(i18n.VI, names, u.District), i18n.VI.Number(u.ToHouseholds, 0), i18n.VI.Count(u.Households))
		if u.PaidHouseholds > 0 {
			wants = append(wants, i18n.VI.Number(u.PerHousehold, 0))
		}
	}
	body := wantStatus(t, h, "/use?fund=POOR", 200, wants...)
	if !strings.Contains(body, `<svg class="chart"`) || !strings.Contains(body, "<th scope=\"col\" class=\"num\">Hộ được hỗ trợ</th>") {
		t.Error("the use page lacks its chart or its table")
	}
	wantStatus(t, h, "/use?fund=COVID", 200, "Hỗ trợ cho các tổ chức", "Gạo")
	wantStatus(t, h, "/use?fund=COVID&from=2030-01-01", 200, "Quỹ này chưa cấp phát gì trong thời gian đã chọn.")
	wantStatus(t, h, "/use?fund=COVID&to=hôm+qua", 400, "Đến ngày: “hôm qua” không phải là ngày")
}

func testDownloads(t *testing.T, f *fixture, h http.Handler) {
	wantStatus(t, h, "/downloads", 200, "/downloads/public-disclosure.xlsx?fund=COVID", "/downloads/received.csv?fund=POOR")
	res, body := get(t, h, "/downloads/public-disclosure.xlsx?fund=COVID")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), "public-disclosure-COVID.xlsx") {
		t.Errorf("workbook: %d %q", res.StatusCode, res.Header)
	}
	res, body = get(t, h, "/downloads/received.csv?fund=COVID")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\uFEFFSố biên nhận,") || !strings.Contains(body, ",Nhà hảo tâm (ẩn danh),tiền mặt,,5000000,") {
		t.Errorf("received.csv: %d\n%s", res.StatusCode, body)
	}
	res, body = get(t, h, "/downloads/use.csv?fund=POOR&lang=en")
	if res.StatusCode != 200 || !strings.Contains(body, "District,Households reached") || !strings.Contains(body, "Kế Sách") {
		t.Errorf("use.csv: %d\n%s", res.StatusCode, body)
	}
	wantStatus(t, h, "/downloads/received.csv?fund=NOPE", 400, "Không có quỹ “NOPE”.")
	wantStatus(t, h, "/downloads/use.csv?fund=POOR&from=x", 400, "Từ ngày: “x” không phải là ngày")
}

// testPaging follows the "next" links of a search with pages of 5: every
// donation comes once, newest first, and the count stays.
func testPaging(t *testing.T, f *fixture, ctx context.Context) {
	s := *f.srv
	s.PageSize = 5
	h := s.Handler()
	all, err := f.srv.Donations.Search(ctx, donations.Search{Limit: 100})
	must(t, err)
	var seen []string
	next := "/donations"
	link := regexp.MustCompile(`<a href="(/donations\?[^"]+)" rel="next">`)
	row := regexp.MustCompile(`<a href="/r/([^"]+)">`)
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("the next links do not end")
		}
		body := wantStatus(t, h, next, 200, "Tìm thấy "+i18n.VI.Count(int(all.Count))+" khoản ủng hộ")
		for _, m := range row.FindAllStringSubmatch(body, -1) {
			seen = append(seen, m[1])
		}
		next = ""
		if m := link.FindStringSubmatch(body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
			if u, err := url.Parse(next); err != nil || u.Query().Get("cursor") == "" {
				t.Fatalf("next link %q has no cursor", next)
			}
		}
	}
	var want []string
	for _, d := range all.Donations {
		want = append(want, d.ReceiptNo)
	}
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("pages gave\n%v\nwant\n%v", seen, want)
	}
}
