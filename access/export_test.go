package access

// SetCheckPassword replaces the password check sign-in uses, for a test
// that watches which hashes are computed; it returns the restore.
func SetCheckPassword(f func(phc, password string) bool) (restore func()) {
	old := checkPassword
	checkPassword = f
	return func() { checkPassword = old }
}
