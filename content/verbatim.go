package content

// Checking quotes character for character against the texts they were copied from.

import (
	"errors"
	"io/fs"
	"strings"
)

// SourceText names, for a source, the file in a folder of texts that its quotes must occur in, or ""
// when there is none to check against.
type SourceText func(Source) string

// SourceFile is the SourceText of a teacher's folder of texts: the file each source names in file:.
func SourceFile(s Source) string { return s.File }

// CheckVerbatim checks every quote of w against the text of its source in texts, exactly: no folding
// of whitespace or of curly and straight quotation marks. A quote that is not there is a problem at
// its line in quotes.yaml that says where it stops matching; a text that cannot be read is one
// problem at its source's line in sources.yaml. unchecked counts the quotes whose source names no text.
func CheckVerbatim(w *Walkthrough, texts fs.FS, textOf SourceText) (problems []Problem, unchecked int) {
	read := map[string]*string{} // file → its text, nil when it cannot be read
	for _, q := range w.Quotes {
		src, _ := w.Source(q.Source)
		name := textOf(src)
		if name == "" {
			unchecked++
			continue
		}
		text, seen := read[name]
		if !seen {
			data, err := fs.ReadFile(texts, name)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					err = errors.New("no such file")
				} else if u := errors.Unwrap(err); u != nil {
					err = u
				}
				problems = append(problems, Problem{File: "sources.yaml", Line: src.Line,
					Msg: "source " + quoteName(src.ID) + ": cannot read its text " + name + ": " + err.Error()})
			} else {
				s := string(data)
				text = &s
			}
			read[name] = text
		}
		if text == nil || strings.Contains(*text, q.Text) {
			continue
		}
		problems = append(problems, Problem{File: "quotes.yaml", Line: q.Line,
			Msg: "quote " + quoteName(q.ID) + " is not word for word in " + name + ": " + mismatch(*text, q.Text)})
	}
	return problems, unchecked
}

func quoteName(id string) string { return `"` + id + `"` }

// mismatch says where a quote stops matching its text: after the longest start of the quote that the
// text contains, what the quote has next and what the text has there.
func mismatch(text, quote string) string {
	// Whether text contains the quote's first n characters only gets less likely as n grows: search
	// for the longest such n, over character boundaries.
	var cuts []int // byte offsets where a character starts, then the end
	for i := range quote {
		cuts = append(cuts, i)
	}
	cuts = append(cuts, len(quote))
	lo, hi := 0, len(cuts)-1 // text contains quote[:cuts[lo]], not quote[:cuts[hi]]
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if strings.Contains(text, quote[:cuts[mid]]) {
			lo = mid
		} else {
			hi = mid
		}
	}
	lo = cuts[lo]
	if lo == 0 {
		return "its first words are not in the text"
	}
	at := strings.Index(text, quote[:lo]) + lo
	return "it matches up to " + excerpt(quote[:lo], -24) + ", then has " + excerpt(quote[lo:], 24) +
		" where the text has " + excerpt(text[at:], 24)
}

// excerpt quotes at most n characters of s: its start for n > 0, its end for n < 0.
func excerpt(s string, n int) string {
	r := []rune(s)
	switch {
	case len(r) == 0:
		return "nothing"
	case n > 0 && len(r) > n:
		return `"` + string(r[:n]) + `…"`
	case n < 0 && len(r) > -n:
		return `"…` + string(r[len(r)+n:]) + `"`
	}
	return `"` + s + `"`
}
