package store

// WithSearchWindows returns s with the windows of its public search set to
// page and count rows, so that a test's few rows take both of its paths
// (rows read in order, rows found by index).
func WithSearchWindows(s *Donations, page, count int) *Donations {
	c := *s
	c.searchWindows = [2]int{page, count}
	return &c
}
