package distribution

import "testing"

// BenchmarkAllocateSocTrang splits 10,000,000,000 đồng over the 37,604
// households of the Sóc Trăng demo registry (poor 1, near-poor 0.5, units of
// 10,000 đồng). Loading the registry is outside the timer.
func BenchmarkAllocateSocTrang(b *testing.B) {
	cs := socTrangClaimants(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Allocate(socTrangParams, cs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllocateSocTrangPerMember is the same with weights × members, the
// case where household weights vary most.
func BenchmarkAllocateSocTrangPerMember(b *testing.B) {
	cs := socTrangClaimants(b)
	p := socTrangParams
	p.PerMember = true
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Allocate(p, cs); err != nil {
			b.Fatal(err)
		}
	}
}
