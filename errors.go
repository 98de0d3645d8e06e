// Package reliefledger holds what every layer of the service shares: the error
// kinds that the domain returns and the HTTP layer maps to statuses in one table.
package reliefledger

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds of error. api/problem.go maps each to an HTTP status.
const (
	Internal         Kind = iota // a bug or an outage; details are logged, never shown
	Invalid                      // the request is malformed or breaks a rule
	NotFound                     // the thing asked for does not exist (or is not visible)
	Conflict                     // the request clashes with the current state
	Forbidden                    // the caller may not do this
	Unauthenticated              // no valid credentials
	TooLarge                     // the request body is over the limit
	Unsupported                  // the request's media type is not accepted
	RateLimited                  // too many requests; try later
	Unavailable                  // the service is starting or stopping; try again
	MethodNotAllowed             // the route exists but not with this method
)

// FieldError names one input field and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the error the domain returns. Code is a short stable slug
// (e.g. "insufficient-balance") that becomes the problem type.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	// Cause is what went wrong underneath (a driver's error), for the log
	// only: it is never shown to users.
	Cause error
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	s := e.Message
	for _, f := range e.Fields {
		s += fmt.Sprintf("; %s: %s", f.Field, f.Message)
	}
	return s
}

// Errorf returns an *Error of the given kind.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// CodedErrorf returns an *Error of the given kind with a problem code.
func CodedErrorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidFields returns an Invalid error listing the bad fields.
func InvalidFields(fields ...FieldError) *Error {
	return &Error{Kind: Invalid, Code: "validation", Message: "the request has invalid fields", Fields: fields}
}

// ErrorKind returns the kind of err, or Internal when err is not an *Error.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects field errors while validating input.
type Fields []FieldError

// Add records a problem with one field.
func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when no field was added, else an Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return InvalidFields(f...)
}

// Stamp is t as every stored timestamp keeps it: UTC, to the microsecond
// (PostgreSQL's precision), so that an answer and its replay from the
// database are the same on both backends.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
