package store

// WithSearchWindow returns s with the window of its public search set to
// n rows, so that a test's few rows take all of its paths (rows read in
// order, rows found by index, counted by both).
func WithSearchWindow(s *Donations, n int) *Donations {
	c := *s
	c.searchWindow = n
	return &c
}

// WithCommonestWord returns s walking the most common of a search's words
// rather than the rarest.
func WithCommonestWord(s *Donations) *Donations {
	c := *s
	c.pick = commonestWord
	return &c
}

// WithoutWordIndex returns s searching words by the window and the
// trigram indexes only.
func WithoutWordIndex(s *Donations) *Donations {
	c := *s
	c.pick = noWord
	return &c
}
