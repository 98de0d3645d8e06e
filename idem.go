package reliefledger

// IdemKey is a client's Idempotency-Key, scoped to the caller.
type IdemKey struct {
	Scope string
	Key   string
}

// IdemRecord remembers what a keyed request did: the hash of the request and
// a reference to its result (e.g. "entry:42"), written in the same
// transaction as the effect.
type IdemRecord struct {
	IdemKey
	RequestHash string
	ResultRef   string
}
