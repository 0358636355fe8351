package lesson

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cyberid/cyberid/content"
)

// Citation numbers are one numbering for the whole walkthrough, so that "look at citation 17" means
// the same quote to a whole class, on every screen and in every handout. The order is the order a
// reader meets the quotes: step by step, and within a step as Step.Cites lists them (narrative
// markers, then the events behind the panes, then the risks); then every quote not cited on a step
// (used only in a disagreement, the glossary, the timeline, a scenario or a question), in the order
// of quotes.yaml. The numbering depends on the content only, never on the assumptions a learner
// picks, so a "what if" replay keeps every number.

// Numbering maps every quote of a walkthrough to its citation number, counting from 1.
type Numbering struct {
	byID  map[string]int
	cites []content.Citation // cites[n-1] is citation n
}

// Number numbers every quote of the walkthrough.
func Number(w *content.Walkthrough) *Numbering {
	n := &Numbering{byID: map[string]int{}}
	add := func(id string) {
		if _, ok := n.byID[id]; ok {
			return
		}
		if _, ok := w.Quote(id); !ok {
			return
		}
		n.cites = append(n.cites, w.Cite(id))
		n.byID[id] = len(n.cites)
	}
	for _, st := range w.Steps {
		for _, id := range st.Cites {
			add(id)
		}
	}
	for _, q := range w.Quotes {
		add(q.ID)
	}
	return n
}

// Of is the number of a quote; 0 for an id the walkthrough does not have.
func (n *Numbering) Of(quoteID string) int { return n.byID[quoteID] }

// Citation is the quote with a number, and its source.
func (n *Numbering) Citation(num int) (content.Citation, bool) {
	if num < 1 || num > len(n.cites) {
		return content.Citation{}, false
	}
	return n.cites[num-1], true
}

// Cite is a quote under its number.
func (n *Numbering) Cite(quoteID string) Cited {
	k := n.Of(quoteID)
	c, _ := n.Citation(k)
	return Cited{N: k, Citation: c}
}

// Len is how many quotes are numbered.
func (n *Numbering) Len() int { return len(n.cites) }

// Marks are the numbers of quotes, sorted and without repeats: how a set of citations is shown.
func (n *Numbering) Marks(quoteIDs []string) []int {
	var out []int
	for _, id := range quoteIDs {
		if k := n.byID[id]; k > 0 {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Cited is a citation with its number.
type Cited struct {
	N int
	content.Citation
}

// cited lists the citations with the given numbers, in number order.
func (n *Numbering) cited(marks []int) []Cited {
	marks = slices.Compact(slices.Sorted(slices.Values(marks)))
	out := make([]Cited, 0, len(marks))
	for _, m := range marks {
		if c, ok := n.Citation(m); ok {
			out = append(out, Cited{N: m, Citation: c})
		}
	}
	return out
}

// markText replaces the [@id] markers of a narrative or a scenario line by their numbers, a run of
// markers side by side becoming one mark: "[@a][@b][@c]" reads [3–5].
func (n *Numbering) markText(text string) (string, []int) {
	var used []int
	// ReplaceMarkers first writes each marker as a placeholder that no text contains, so that runs can
	// be found and joined afterwards.
	text = content.ReplaceMarkers(text, func(id string) string {
		k := n.Of(id)
		used = append(used, k)
		return "\x00" + strconv.Itoa(k) + "\x00"
	})
	text = placeholderRun.ReplaceAllStringFunc(text, func(run string) string {
		var marks []int
		for _, f := range strings.Split(strings.Trim(run, "\x00"), "\x00\x00") {
			k, _ := strconv.Atoi(f)
			marks = append(marks, k)
		}
		return MarkText(marks)
	})
	return text, used
}

var placeholderRun = regexp.MustCompile(`(?:\x00\d+\x00)+`)

// MarkText writes citation numbers the way every view shows them: one bracket, numbers in order
// without repeats, separated by commas with no space (so a mark never breaks across lines), and
// three or more consecutive numbers as a range with an en dash: [3], [1,4], [3–5], [1,18–20,31].
// Two consecutive numbers stay a pair ([3,4]): a range of two reads no shorter.
func MarkText(marks []int) string {
	marks = slices.Compact(slices.Sorted(slices.Values(marks)))
	var parts []string
	for i := 0; i < len(marks); {
		j := i
		for j+1 < len(marks) && marks[j+1] == marks[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, strconv.Itoa(marks[i])+RangeDash+strconv.Itoa(marks[j]))
		case j > i:
			parts = append(parts, strconv.Itoa(marks[i]), strconv.Itoa(marks[j]))
		default:
			parts = append(parts, strconv.Itoa(marks[i]))
		}
		i = j + 1
	}
	if len(parts) == 0 {
		return ""
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// RangeDash joins the ends of a range of citation numbers: an en dash, in every view and format.
const RangeDash = "–"

// MarkPattern finds a citation mark as MarkText writes it.
var MarkPattern = regexp.MustCompile(`\[\d+(?:(?:,|` + RangeDash + `)\d+)*\]`)

// ParseMark reads the numbers back from a mark MarkText wrote, ranges expanded: "[1,3–5]" gives
// 1 3 4 5. Anything else gives nil.
func ParseMark(mark string) []int {
	if !MarkPattern.MatchString(mark) || MarkPattern.FindString(mark) != mark {
		return nil
	}
	var out []int
	for _, part := range strings.Split(mark[1:len(mark)-1], ",") {
		lo, hi, isRange := strings.Cut(part, RangeDash)
		a, _ := strconv.Atoi(lo)
		b := a
		if isRange {
			b, _ = strconv.Atoi(hi)
		}
		for k := a; k <= b && k-a < 10000; k++ {
			out = append(out, k)
		}
	}
	return out
}
