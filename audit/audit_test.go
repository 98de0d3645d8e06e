package audit

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeStore records the batches it is given. With hold set, each Append
// says so on started and waits until hold is closed, so that a test can
// let records queue up behind a batch in flight.
type fakeStore struct {
	hold    chan struct{}
	started chan struct{}
	err     error

	mu      sync.Mutex
	batches [][]Record
}

func (f *fakeStore) Append(_ context.Context, rs []Record) error {
	if f.hold != nil {
		select {
		case f.started <- struct{}{}:
		default:
		}
		<-f.hold
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.batches = append(f.batches, append([]Record(nil), rs...))
	return f.err
}

func (f *fakeStore) List(context.Context, Filter) ([]Record, error) { return nil, nil }

// sizes returns the size of each batch appended so far.
func (f *fakeStore) sizes() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []int{}
	for _, b := range f.batches {
		out = append(out, len(b))
	}
	return out
}

// targets returns the targets of every record appended, sorted.
func (f *fakeStore) targets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, b := range f.batches {
		for _, r := range b {
			out = append(out, r.Target)
		}
	}
	sort.Strings(out)
	return out
}

func holdingStore() *fakeStore {
	return &fakeStore{hold: make(chan struct{}), started: make(chan struct{}, 1)}
}

// queued waits until n records wait in l's queue.
func queued(t *testing.T, l *Log, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(l.queue) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d records queued after 10s, want %d", len(l.queue), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// writeAll writes n records, target:0 … target:n-1, each from its own
// goroutine, and returns a function that waits for their errors.
func writeAll(l *Log, ctx context.Context, n int) func() []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = l.Write(ctx, Record{Target: fmt.Sprintf("target:%03d", i)})
		}()
	}
	return func() []error { wg.Wait(); return errs }
}

func TestWriteStampsTime(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, ict)
	given := time.Date(2026, 11, 30, 1, 2, 3, 0, time.UTC)
	tests := []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"unset: now, in UTC", time.Time{}, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)},
		{"set: kept", given, given},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeStore{}
			l := New(fs, func() time.Time { return now })
			if err := l.Write(context.Background(), Record{At: tt.at, Target: "x"}); err != nil {
				t.Fatal(err)
			}
			l.Close()
			got := fs.batches[0][0].At
			if got != tt.want { // the same instant and location
				t.Errorf("At = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBatching: records that arrive while a batch is being appended go
// together in the next one, at most 512 to a batch, and every writer
// waits for its own batch.
func TestBatching(t *testing.T) {
	tests := []struct {
		name    string
		waiting int
		want    []int
	}{
		{"one alone", 0, []int{1}},
		{"ten behind one", 10, []int{1, 10}},
		{"512 to a batch", 700, []int{1, 512, 188}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := holdingStore()
			l := New(fs, nil)
			ctx := context.Background()
			first := writeAll(l, ctx, 1)
			<-fs.started // the first batch is in flight
			rest := func() []error { return nil }
			if tt.waiting > 0 {
				rest = writeAll(l, ctx, tt.waiting)
				queued(t, l, tt.waiting)
			}
			close(fs.hold)
			for _, err := range append(first(), rest()...) {
				if err != nil {
					t.Fatal(err)
				}
			}
			l.Close()
			if diff := cmp.Diff(tt.want, fs.sizes()); diff != "" {
				t.Errorf("batch sizes (-want +got):\n%s", diff)
			}
			if n := len(fs.targets()); n != 1+tt.waiting {
				t.Errorf("%d records appended, want %d", n, 1+tt.waiting)
			}
		})
	}
}

// TestAppendError: every writer of a batch that failed hears of it.
func TestAppendError(t *testing.T) {
	diskFull := errors.New("disk full")
	fs := holdingStore()
	fs.err = diskFull
	l := New(fs, nil)
	ctx := context.Background()
	first := writeAll(l, ctx, 1)
	<-fs.started
	rest := writeAll(l, ctx, 3)
	queued(t, l, 3)
	close(fs.hold)
	want := []string{"append 1 audit records: disk full"}
	for range 3 {
		want = append(want, "append 3 audit records: disk full")
	}
	var got []string
	for _, err := range append(first(), rest()...) {
		if !errors.Is(err, diskFull) {
			t.Errorf("error %v does not wrap the store's", err)
		}
		got = append(got, fmt.Sprint(err))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	l.Close()
}

// TestClose: Close appends what is queued before it returns; later writes
// are refused; closing again is harmless.
func TestClose(t *testing.T) {
	fs := holdingStore()
	l := New(fs, nil)
	ctx := context.Background()
	first := writeAll(l, ctx, 1)
	<-fs.started
	rest := writeAll(l, ctx, 5)
	queued(t, l, 5)
	closed := make(chan struct{})
	go func() { l.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned with records queued")
	case <-time.After(20 * time.Millisecond):
	}
	close(fs.hold)
	<-closed
	if n := len(fs.targets()); n != 6 {
		t.Errorf("%d records appended by Close, want 6", n)
	}
	for _, err := range append(first(), rest()...) {
		if err != nil {
			t.Errorf("a record queued before Close: %v", err)
		}
	}
	if err := l.Write(ctx, Record{Target: "late"}); err == nil || err.Error() != "audit log closed" {
		t.Errorf("write after Close: %v, want audit log closed", err)
	}
	l.Close()
}

// TestWriteGivenUp: a writer whose context ends while its record waits is
// told so, but the record is still appended: a client that hangs up does
// not erase the trace of what it asked for.
func TestWriteGivenUp(t *testing.T) {
	fs := holdingStore()
	l := New(fs, nil)
	first := writeAll(l, context.Background(), 1)
	<-fs.started
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := writeAll(l, ctx, 1)
	queued(t, l, 1)
	cancel()
	if errs := gaveUp(); !errors.Is(errs[0], context.Canceled) {
		t.Errorf("cancelled writer: %v, want context.Canceled", errs[0])
	}
	close(fs.hold)
	first()
	l.Close()
	if diff := cmp.Diff([]string{"target:000", "target:000"}, fs.targets()); diff != "" {
		t.Errorf("appended (-want +got):\n%s", diff)
	}
}
