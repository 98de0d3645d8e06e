package donations

// SetStatementChunk makes imports handle n credit lines a transaction
// until the returned func restores the size (tests: several chunks from a
// small file).
func SetStatementChunk(n int) (restore func()) {
	old := statementChunk
	statementChunk = n
	return func() { statementChunk = old }
}
