package sheet

import (
	"archive/zip"
	"bytes"

	"reliefledger"
)

// Limits bound what one uploaded file may cost, whatever it claims to be:
// its bytes, what an XLSX inflates to and by how much (a zip bomb of 1.5 MB
// can inflate to gigabytes), and its rows. A zero field takes the default;
// a reader's own row limit applies when it is lower. Every refusal is
// TooLarge (413) and names the limit, and comes before the work: the
// declared sizes of an XLSX are checked before anything is inflated (Go's
// zip reader then holds each part to its declared size), and a CSV's lines
// are counted before they are parsed.
type Limits struct {
	Bytes    int64 // the file as uploaded
	Inflated int64 // an XLSX's parts, inflated
	Ratio    int   // an XLSX's inflated size over its size
	Rows     int   // rows of a sheet (or lines of a CSV)
}

// The defaults: a commune's list or a week of a bank's transfers is a few
// MB and inflates 5 to 20 times.
const (
	DefaultMaxBytes    = 50 << 20
	DefaultMaxInflated = 256 << 20
	DefaultMaxRatio    = 100
)

// Options returns o with the limits applied.
func (l Limits) Options(o Options) Options {
	if l.Bytes > 0 && (o.MaxBytes <= 0 || l.Bytes < o.MaxBytes) {
		o.MaxBytes = l.Bytes
	}
	if l.Inflated > 0 {
		o.MaxInflated = l.Inflated
	}
	if l.Ratio > 0 {
		o.MaxRatio = l.Ratio
	}
	if l.Rows > 0 && (o.MaxRows <= 0 || l.Rows < o.MaxRows) {
		o.MaxRows = l.Rows
	}
	return o
}

// checkInflation refuses an XLSX whose parts declare more than the limits.
func checkInflation(data []byte, opt Options) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // not a zip: the XLSX reader says so
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total > uint64(opt.MaxInflated) {
		return reliefledger.Errorf(reliefledger.TooLarge,
			"%s would inflate to %.1f MB; the limit is %d MB (RELIEF_MAX_INFLATED_MB)", opt.Noun, float64(total)/(1<<20), opt.MaxInflated>>20)
	}
	if ratio := total / uint64(max(len(data), 1)); ratio > uint64(opt.MaxRatio) {
		return reliefledger.Errorf(reliefledger.TooLarge,
			"%s would inflate %d times its size (to %d MB); the limit is %d times (RELIEF_MAX_INFLATE_RATIO)", opt.Noun, ratio, total>>20, opt.MaxRatio)
	}
	return nil
}

// checkLines refuses a CSV with more lines than the row limit allows,
// before any line is parsed.
func checkLines(data []byte, opt Options) error {
	if n := bytes.Count(data, []byte{'\n'}); n > opt.MaxRows+1 {
		return reliefledger.Errorf(reliefledger.TooLarge, "%s has %d lines; the limit is %d rows (RELIEF_MAX_UPLOAD_ROWS)", opt.Noun, n, opt.MaxRows)
	}
	return nil
}
