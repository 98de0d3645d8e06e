package demo

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/households"
	"reliefledger/internal/fold"
)

// soctrangUnits reads the communes of Sóc Trăng (2021) from the data file.
func soctrangUnits(tb testing.TB) []Unit {
	tb.Helper()
	f, err := os.Open("../households/data/soctrang_2021.csv")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	units, err := UnitsFromCSV(f)
	if err != nil {
		tb.Fatal(err)
	}
	return units
}

func TestUnitsFromCSV(t *testing.T) {
	units := soctrangUnits(t)
	if len(units) != 109 {
		t.Fatalf("got %d communes, want 109", len(units))
	}
	want := []Unit{
		{Commune: "31498", CommuneName: "Phường 5", District: "941", DistrictName: "Sóc Trăng"},
		{Commune: "31705", CommuneName: "Viên Bình", District: "951", DistrictName: "Trần Đề"},
	}
	if diff := cmp.Diff(want, []Unit{units[0], units[len(units)-1]}); diff != "" {
		t.Errorf("first and last commune mismatch (-want +got):\n%s", diff)
	}
	var districts []string
	for _, u := range units {
		if !slices.Contains(districts, u.District) {
			districts = append(districts, u.District)
		}
	}
	if len(districts) != 11 {
		t.Errorf("got %d districts %v, want 11", len(districts), districts)
	}
}

func TestUnitsFromCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, wantErr string
	}{
		{"empty", "", "header"},
		{"wrong header", "code,name\n941,Sóc Trăng\n", "header"},
		{"missing parent", "code,name,kind,parent_code\n31498,Phường 5,phuong,941\n", "parent"},
		{"commune under the province", "code,name,kind,parent_code\n94,Sóc Trăng,tinh,\n31498,Phường 5,phuong,94\n", "not under a district"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := UnitsFromCSV(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("got error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestDemoHouseholdsCounts(t *testing.T) {
	units := soctrangUnits(t)
	hs := Households(units, 1)
	if len(hs) != 37604 {
		t.Fatalf("got %d households, want 37604", len(hs))
	}
	byCat := map[households.Category]int{}
	byDistrict := map[string][2]int{}
	byCommune := map[string]int{}
	for _, h := range hs {
		byCat[h.Category]++
		c := byDistrict[h.District]
		if h.Category == households.Poor {
			c[0]++
		} else {
			c[1]++
		}
		byDistrict[h.District] = c
		byCommune[h.Commune]++
	}
	if diff := cmp.Diff(map[households.Category]int{households.Poor: 8617, households.NearPoor: 28987}, byCat); diff != "" {
		t.Errorf("categories mismatch (-want +got):\n%s", diff)
	}
	for _, u := range units {
		if c := byDistrict[u.District]; c[0] == 0 || c[1] == 0 {
			t.Errorf("district %s (%s): %d poor, %d near-poor", u.District, u.DistrictName, c[0], c[1])
		}
		if n := byCommune[u.Commune]; n < 2*minPerCommune {
			t.Errorf("commune %s (%s) has %d households, want at least %d", u.Commune, u.CommuneName, n, 2*minPerCommune)
		}
	}
	if len(byDistrict) != 11 || len(byCommune) != len(units) {
		t.Errorf("got %d districts and %d communes, want 11 and %d", len(byDistrict), len(byCommune), len(units))
	}
	for _, d := range []string{"941", "942", "943", "944", "945", "946", "947", "948", "949", "950", "951"} {
		c := byDistrict[d]
		t.Logf("district %s: %5d poor %6d near-poor", d, c[0], c[1])
	}
	// The poorest rural district has more poor households than the city.
	if byDistrict["951"][0] <= byDistrict["941"][0] {
		t.Errorf("Trần Đề has %d poor, Sóc Trăng city %d", byDistrict["951"][0], byDistrict["941"][0])
	}
	// A ward of the city gets fewer than a rural commune on average.
	var wards, wardN, rural, ruralN int
	for _, u := range units {
		switch {
		case u.District == "941":
			wards, wardN = wards+byCommune[u.Commune], wardN+1
		case !isWard(u):
			rural, ruralN = rural+byCommune[u.Commune], ruralN+1
		}
	}
	if wards*ruralN >= rural*wardN {
		t.Errorf("city wards average %d households, rural communes %d", wards/wardN, rural/ruralN)
	}
}

func TestDemoHouseholdsDeterministic(t *testing.T) {
	units := soctrangUnits(t)
	a, b := Households(units, 42), Households(units, 42)
	// reflect.DeepEqual first: cmp.Diff takes seconds over 37,604 households.
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same seed, different households (-first +second):\n%s", cmp.Diff(a, b))
	}
	c := Households(units, 43)
	same := 0
	for i := range a {
		if a[i].HeadName == c[i].HeadName && a[i].NationalID == c[i].NationalID {
			same++
		}
	}
	if same > len(a)/10 {
		t.Errorf("seeds 42 and 43 give %d of %d households the same head and ID", same, len(a))
	}
}

func TestDemoHouseholdsFields(t *testing.T) {
	units := soctrangUnits(t)
	district := map[string]string{}
	ward := map[string]bool{}
	for _, u := range units {
		district[u.Commune] = u.District
		ward[u.Commune] = isWard(u)
	}
	var (
		codeRE  = regexp.MustCompile(`^DEMO-(\d+)-\d{4}$`)
		idRE    = regexp.MustCompile(`^094[0-3]\d{8}$`)
		phoneRE = regexp.MustCompile(`^0[3789]\d{8}$`)
	)
	codes := map[string]bool{}
	ids := map[string]bool{}
	for _, h := range Households(units, 7) {
		if !h.Synthetic || h.Status != households.Active || h.Version != 1 || h.ID != 0 || !h.CreatedAt.IsZero() || !h.UpdatedAt.IsZero() {
			t.Fatalf("%s: Synthetic %v, Status %s, Version %d, ID %d, CreatedAt %v, UpdatedAt %v",
				h.Code, h.Synthetic, h.Status, h.Version, h.ID, h.CreatedAt, h.UpdatedAt)
		}
		m := codeRE.FindStringSubmatch(h.Code)
		if m == nil || m[1] != h.Commune {
			t.Errorf("code %q does not match commune %s", h.Code, h.Commune)
		}
		if codes[h.Code] {
			t.Errorf("code %s repeats", h.Code)
		}
		codes[h.Code] = true
		if district[h.Commune] != h.District {
			t.Errorf("%s: district %s, want %s", h.Code, h.District, district[h.Commune])
		}
		if h.NationalID != "" {
			if !idRE.MatchString(h.NationalID) {
				t.Errorf("%s: national ID %q", h.Code, h.NationalID)
			}
			if female := (h.NationalID[3]-'0')%2 == 1; female != slices.Contains(h.Flags, households.FlagFemaleHead) {
				t.Errorf("%s: national ID %s does not match the head's gender", h.Code, h.NationalID)
			}
			if ids[h.NationalID] {
				t.Errorf("national ID %s repeats", h.NationalID)
			}
			ids[h.NationalID] = true
		}
		if h.Phone != "" && !phoneRE.MatchString(h.Phone) {
			t.Errorf("%s: phone %q", h.Code, h.Phone)
		}
		if wantPrefix := map[bool]string{true: "Khóm ", false: "Ấp "}[ward[h.Commune]]; !strings.HasPrefix(h.Hamlet, wantPrefix) {
			t.Errorf("%s: hamlet %q, want it to start with %q", h.Code, h.Hamlet, wantPrefix)
		}
		if h.Members < 1 || h.Members > 9 {
			t.Errorf("%s: %d members", h.Code, h.Members)
		}
		if !slices.IsSortedFunc(h.Flags, func(a, b string) int {
			return slices.Index(households.KnownFlags, a) - slices.Index(households.KnownFlags, b)
		}) || len(slices.Compact(slices.Clone(h.Flags))) != len(h.Flags) {
			t.Errorf("%s: flags %v not in the order of KnownFlags", h.Code, h.Flags)
		}
		for _, f := range h.Flags {
			if !slices.Contains(households.KnownFlags, f) {
				t.Errorf("%s: unknown flag %q", h.Code, f)
			}
		}
		hasThi := slices.Contains(strings.Fields(h.HeadName), "Thị")
		if hasThi != slices.Contains(h.Flags, households.FlagFemaleHead) {
			t.Errorf("%s: head %q, flags %v", h.Code, h.HeadName, h.Flags)
		}
	}
}

func TestDemoHouseholdsShares(t *testing.T) {
	hs := Households(soctrangUnits(t), 1)
	share := func(of func(households.Household) bool, in func(households.Household) bool) float64 {
		n, k := 0, 0
		for _, h := range hs {
			if in(h) {
				n++
				if of(h) {
					k++
				}
			}
		}
		return float64(k) / float64(n)
	}
	all := func(households.Household) bool { return true }
	flag := func(f string) func(households.Household) bool {
		return func(h households.Household) bool { return slices.Contains(h.Flags, f) }
	}
	cat := func(c households.Category) func(households.Household) bool {
		return func(h households.Household) bool { return h.Category == c }
	}
	for _, tc := range []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"ethnic minority", share(flag(households.FlagEthnicMinority), all), 0.30, 0.38},
		{"elderly head", share(flag(households.FlagElderlyHead), all), 0.17, 0.23},
		{"disability", share(flag(households.FlagDisability), all), 0.06, 0.10},
		{"young children", share(flag(households.FlagChildren), all), 0.22, 0.28},
		{"r68 among poor", share(flag(households.FlagR68), cat(households.Poor)), 0.27, 0.33},
		{"r68 among near-poor", share(flag(households.FlagR68), cat(households.NearPoor)), 0.37, 0.43},
		{"no national ID", share(func(h households.Household) bool { return h.NationalID == "" }, all), 0.08, 0.12},
		{"no phone", share(func(h households.Household) bool { return h.Phone == "" }, all), 0.22, 0.28},
		{"3 to 5 members", share(func(h households.Household) bool { return h.Members >= 3 && h.Members <= 5 }, all), 0.6, 0.75},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got < tc.min || tc.got > tc.max {
				t.Errorf("share %.3f, want %.2f–%.2f", tc.got, tc.min, tc.max)
			}
		})
	}
	var poorMembers, nearMembers float64
	for _, h := range hs {
		if h.Category == households.Poor {
			poorMembers += float64(h.Members)
		} else {
			nearMembers += float64(h.Members)
		}
	}
	if poorMembers/PoorCount >= nearMembers/NearPoorCount {
		t.Errorf("poor households average %.2f members, near-poor %.2f", poorMembers/PoorCount, nearMembers/NearPoorCount)
	}
}

func TestDemoHouseholdsNames(t *testing.T) {
	hs := Households(soctrangUnits(t), 1)
	heads := map[string]int{}
	for _, h := range hs {
		heads[h.HeadName]++
	}
	for _, name := range []string{"Trần Thị Bé", "Nguyễn Văn An"} {
		if heads[name] == 0 {
			t.Errorf("no head named %q", name)
		}
	}
	for _, tc := range []struct{ name, in, want string }{
		{"kinh woman", "Trần Thị Bé", "tran thi be"},
		{"kinh man", "Nguyễn Văn An", "nguyen van an"},
		{"đ", "Đặng Văn Đức", "dang van duc"},
		{"khmer", "Thạch Thị Sóc Khum", "thach thi soc khum"},
		{"khmer man", "Sơn Sà Rênh", "son sa renh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fold.String(tc.in); got != tc.want {
				t.Errorf("fold.String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	// Searching the folded names finds the generated heads.
	found := 0
	for _, h := range hs {
		if strings.Contains(fold.String(h.HeadName), "tran thi be") {
			found++
		}
	}
	if found < heads["Trần Thị Bé"] {
		t.Errorf("folded search found %d heads, want at least %d", found, heads["Trần Thị Bé"])
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name            string
		total           int
		weights, floors []int
		want            []int
	}{
		{"proportional", 10, []int{1, 1, 2}, []int{0, 0, 0}, []int{3, 2, 5}},
		{"floors first", 10, []int{0, 0, 1}, []int{2, 2, 2}, []int{2, 2, 6}},
		{"floors too big", 3, []int{1, 1, 1, 1}, []int{1, 1, 1, 1}, []int{1, 1, 1, 0}},
		{"no weights", 5, []int{0, 0}, []int{0, 0}, []int{3, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, split(tc.total, tc.weights, tc.floors)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func BenchmarkHouseholds(b *testing.B) {
	units := soctrangUnits(b)
	for b.Loop() {
		Households(units, 1)
	}
}
