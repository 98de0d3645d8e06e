package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
)

// The charts are SVG drawn here, inline in the page: no script, no image
// request, sharp in print. Each has a title, axis labels and values on
// its bars; the two series differ by pattern as well as colour, and every
// page that shows a chart shows the same figures in a table.

// bar is one group of a chart: a label and two amounts (series A and B).
type bar struct {
	Label string
	A, B  decimal.Decimal
}

// chart is a drawn chart and its legend.
type chart struct {
	SVG              template.HTML
	LegendA, LegendB string
	Empty            bool
}

const patternDefs = `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
	`<rect width="6" height="6" class="out"/><rect width="2" height="6" fill="#fff" fill-opacity=".55"/></pattern></defs>`

// millions writes đồng as millions, the unit the axes use.
func millions(l i18n.Lang, d decimal.Decimal) string {
	m := d.Div(decimal.NewFromInt(1_000_000))
	places := int32(0)
	if m.Abs().LessThan(decimal.NewFromInt(10)) && !m.IsInteger() {
		places = 1
	}
	return l.Number(m.Round(places), places)
}

// ticks are round axis steps from 0 to at least max: 1, 2 or 5 × 10^k,
// about four of them.
func ticks(max float64) []float64 {
	if max <= 0 {
		return []float64{0, 1}
	}
	raw := max / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := 0.0; v < max+step; v += step {
		out = append(out, v)
		if v >= max {
			break
		}
	}
	return out
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// hbarChart draws a horizontal bar pair per label, which fits a phone's
// width with long district names.
func hbarChart(l i18n.Lang, bars []bar, legendA, legendB, title string) chart {
	c := chart{LegendA: legendA, LegendB: legendB, Empty: len(bars) == 0}
	if c.Empty {
		return c
	}
	const width, left, right, top, rowH, barH = 400, 110, 56, 12, 42, 16
	maxV := 0.0
	for _, b := range bars {
		maxV = max(maxV, b.A.InexactFloat64(), b.B.InexactFloat64())
	}
	ts := ticks(maxV)
	scale := float64(width-left-right) / ts[len(ts)-1]
	height := top + rowH*len(bars) + 38
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">`, width, height)
	fmt.Fprintf(&b, `<title id="chart-title">%s</title>%s`, esc(title), patternDefs)
	axisY := top + rowH*len(bars)
	for _, t := range ts {
		x := left + t*scale
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, top-6, x, axisY)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, axisY+16, esc(millions(l, decimal.NewFromFloat(t))))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, width-4, axisY+32, esc(i18n.T(l, i18n.WebChartMillions)))
	for i, br := range bars {
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, left-8, y+barH+4, esc(br.Label))
		for j, v := range []decimal.Decimal{br.A, br.B} {
			w := v.InexactFloat64() * scale
			by := y + j*(barH+2)
			class := `class="in"`
			if j == 1 {
				class = `fill="url(#hatch)"`
			}
			fmt.Fprintf(&b, `<rect %s x="%d" y="%d" width="%.1f" height="%d"/>`, class, left, by, w, barH)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`, float64(left)+w+4, by+barH-3, esc(millions(l, v)))
		}
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, top-6, left, axisY)
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String())
	return c
}

// vbarChart draws a vertical bar pair per period, periods left to right.
func vbarChart(l i18n.Lang, bars []bar, legendA, legendB, title, id string) chart {
	c := chart{LegendA: legendA, LegendB: legendB, Empty: len(bars) == 0}
	if c.Empty {
		return c
	}
	// A narrow drawing keeps its text readable when a phone scales it down.
	const width, left, right, top, bottom = 400, 44, 8, 30, 24
	height := 240
	maxV := 0.0
	for _, b := range bars {
		maxV = max(maxV, b.A.InexactFloat64(), b.B.InexactFloat64())
	}
	ts := ticks(maxV)
	plotH := float64(height - top - bottom)
	scale := plotH / ts[len(ts)-1]
	slot := float64(width-left-right) / float64(len(bars))
	barW := math.Min(28, slot*0.38)
	axisY := float64(height - bottom)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" xmlns="http://www.w3.org/2000/svg">`, width, height, id)
	fmt.Fprintf(&b, `<title id="%s">%s</title>%s`, id, esc(title), patternDefs)
	for _, t := range ts {
		y := axisY - t*scale
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, width-right, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y+4, esc(millions(l, decimal.NewFromFloat(t))))
	}
	fmt.Fprintf(&b, `<text x="2" y="12">%s</text>`, esc(i18n.T(l, i18n.WebChartMillions)))
	// Label every period when they fit, else every second or third.
	every := int(math.Ceil(44 / slot))
	for i, br := range bars {
		x := float64(left) + slot*float64(i) + slot/2
		for j, v := range []decimal.Decimal{br.A, br.B} {
			h := v.InexactFloat64() * scale
			bx := x - barW - 1 + float64(j)*(barW+2)
			class := `class="in"`
			if j == 1 {
				class = `fill="url(#hatch)"`
			}
			fmt.Fprintf(&b, `<rect %s x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`, class, bx, axisY-h, barW, h,
				esc(br.Label), esc(millions(l, v)))
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x, axisY+16, esc(br.Label))
		}
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, axisY, width-right, axisY)
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String())
	return c
}
