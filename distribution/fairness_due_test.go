package distribution

import (
	"strings"
	"testing"

	"reliefledger/households"
	"reliefledger/ledger"
)

// TestFairnessDueDate: under a campaign's deadline fixed as a date, a
// delivery is late when dated after it, whatever its days from approval;
// an unknown deadline counts nothing late and the definition says why; a
// household may not list more dates than deliveries.
func TestFairnessDueDate(t *testing.T) {
	on := func(s string) ledger.Date {
		v, err := ledger.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	withDates := func(h HouseholdAid, dates ...string) HouseholdAid {
		for _, s := range dates {
			h.Dates = append(h.Dates, on(s))
		}
		return h
	}
	hs := []HouseholdAid{
		// Two deliveries: one on the last day, one the day after.
		withDates(aid("941", "94101", "A", households.Poor, true, "200", 2, 1, 90), "2021-10-20", "2021-10-21"),
		withDates(aid("941", "94101", "B", households.Poor, true, "100", 1, 50), "2021-09-01"),
		withDates(aid("942", "94201", "C", households.NearPoor, true, "100", 1, 2), "2021-11-30"),
	}
	late := func(r FairnessReport) map[string]int {
		out := map[string]int{}
		for _, d := range r.Districts {
			out[d.District] = d.LateDeliveries
		}
		return out
	}
	due := DueDate{Date: on("2021-10-20"), Rule: "20 days from the end of receiving (TEST)"}
	r, err := Fairness(FairnessInput{Households: hs, DeadlineDays: 1, Due: due})
	if err != nil {
		t.Fatal(err)
	}
	if got := late(r); got["941"] != 1 || got["942"] != 1 {
		t.Errorf("late by the due date: %v, want 941: 1, 942: 1", got)
	}
	if def := r.Definitions["late_deliveries"]; !strings.Contains(def, "2021-10-20") || !strings.Contains(def, "TEST") {
		t.Errorf("definition: %q", def)
	}
	r, err = Fairness(FairnessInput{Households: hs, DeadlineDays: 1, Due: DueDate{Unknown: true, Rule: "unknown (TEST)"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := late(r); got["941"] != 0 || got["942"] != 0 || !strings.HasPrefix(r.Definitions["late_deliveries"], "Not computed") {
		t.Errorf("unknown deadline: late %v, definition %q", got, r.Definitions["late_deliveries"])
	}
	// Without a campaign the days from approval count, as before.
	r, _ = Fairness(FairnessInput{Households: hs, DeadlineDays: 40})
	if got := late(r); got["941"] != 2 || got["942"] != 0 {
		t.Errorf("late by deadline_days 40: %v, want 941: 2", got)
	}
	bad := withDates(aid("941", "94101", "D", households.Poor, true, "1", 1), "2021-10-01", "2021-10-02")
	if _, err := Fairness(FairnessInput{Households: []HouseholdAid{bad}, Due: due}); err == nil || !strings.Contains(err.Error(), "more delivery dates") {
		t.Errorf("more dates than deliveries: %v", err)
	}
}
