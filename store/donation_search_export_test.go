package store

// WithSearchWindow returns s with the window of its public search set to
// n rows, so that a test's few rows take all of its paths (rows read in
// order, rows found by index, counted by both).
func WithSearchWindow(s *Donations, n int) *Donations {
	c := *s
	c.searchWindow = n
	return &c
}
