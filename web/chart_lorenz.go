package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/internal/i18n"
)

// The fairness pages' charts: percentages by district or commune, and a
// Lorenz curve. Like the others (chart.go) they are SVG drawn here, each
// with a title and its figures on it, series told apart by pattern as well
// as colour, and the same figures in a table beside them.

// pctBar is one bar of a percentage chart; Marked bars (flagged districts)
// are hatched.
type pctBar struct {
	Label  string
	Value  decimal.Decimal // percent, 0 to 100
	Marked bool
}

// hatchDefs is the hatching pattern under an id of the chart's own, so
// that two charts on one page do not share an element id.
func hatchDefs(id string) string {
	return strings.ReplaceAll(patternDefs, `id="hatch"`, `id="`+id+`-hatch"`)
}

// percentChart draws a horizontal bar per label on a 0–100 % axis.
func percentChart(l i18n.Lang, bars []pctBar, legendA, legendB, title, id string) chart {
	c := chart{LegendA: legendA, LegendB: legendB, Empty: len(bars) == 0}
	if c.Empty {
		return c
	}
	const width, left, right, top, rowH, barH = 400, 130, 56, 12, 26, 18
	scale := float64(width-left-right) / 100
	axisY := top + rowH*len(bars)
	height := axisY + 38
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" id="%s" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title" xmlns="http://www.w3.org/2000/svg">`, id, width, height, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>%s`, id, esc(title), hatchDefs(id))
	for _, t := range []int{0, 25, 50, 75, 100} {
		x := float64(left) + float64(t)*scale
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, top-6, x, axisY)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`, x, axisY+16, t)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%%</text>`, width-4, axisY+32)
	for i, br := range bars {
		y := top + i*rowH
		v := min(max(br.Value.InexactFloat64(), 0), 100)
		w := v * scale
		fill := `class="in"`
		if br.Marked {
			fill = `fill="url(#` + id + `-hatch)"`
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, left-8, y+barH-4, esc(clip(br.Label, 18)))
		fmt.Fprintf(&b, `<rect %s x="%d" y="%d" width="%.1f" height="%d"><title>%s: %s %%</title></rect>`, fill, left, y, w, barH,
			esc(br.Label), esc(l.Number(br.Value, 2)))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`, float64(left)+w+4, y+barH-4, esc(l.Number(br.Value, 1)))
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, top-6, left, axisY)
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String())
	return c
}

// clip shortens a label to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// lorenzChart draws a Lorenz curve against the line of equality: the
// households in increasing order along x, their cumulative share along y,
// both in percent; the area between the two (the Gini coefficient is
// twice it) is hatched.
func lorenzChart(l i18n.Lang, pts []distribution.LorenzPoint, legendA, legendB, title, id string) chart {
	c := chart{LegendA: legendA, LegendB: legendB, Empty: len(pts) < 2}
	if c.Empty {
		return c
	}
	const size, left, top, bottom, right = 400, 44, 12, 40, 12
	plotW, plotH := float64(size-left-right), float64(size-top-bottom)
	px := func(f decimal.Decimal) float64 { return float64(left) + f.InexactFloat64()*plotW }
	py := func(f decimal.Decimal) float64 { return float64(size-bottom) - f.InexactFloat64()*plotH }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart lorenz" id="%s" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title" xmlns="http://www.w3.org/2000/svg">`, id, size, size, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>%s`, id, esc(title), hatchDefs(id))
	for _, t := range []int64{0, 25, 50, 75, 100} {
		f := decimal.New(t, -2)
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, px(f), top, px(f), size-bottom)
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, py(f), size-right, py(f))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`, px(f), size-bottom+16, t)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`, left-6, py(f)+4, t)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, size-right, size-4, esc(i18n.T(l, i18n.ConsoleApproveLorenzX)))
	// The area between equality and the curve: up the diagonal, back
	// along the curve.
	var poly, curve strings.Builder
	fmt.Fprintf(&poly, "%.1f,%.1f %.1f,%.1f", px(decimal.Zero), py(decimal.Zero), px(decimal.NewFromInt(1)), py(decimal.NewFromInt(1)))
	for i := len(pts) - 1; i >= 0; i-- {
		fmt.Fprintf(&poly, " %.1f,%.1f", px(pts[i].Population), py(pts[i].Share))
	}
	for i, p := range pts {
		if i > 0 {
			curve.WriteByte(' ')
		}
		fmt.Fprintf(&curve, "%.1f,%.1f", px(p.Population), py(p.Share))
	}
	fmt.Fprintf(&b, `<polygon points="%s" fill="url(#%s-hatch)"/>`, poly.String(), id)
	fmt.Fprintf(&b, `<line class="equality" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, px(decimal.Zero), py(decimal.Zero), px(decimal.NewFromInt(1)), py(decimal.NewFromInt(1)))
	fmt.Fprintf(&b, `<polyline class="curve" points="%s"/>`, curve.String())
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, top, left, size-bottom)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, size-bottom, size-right, size-bottom)
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String())
	return c
}
