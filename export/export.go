// Package export writes the walkthrough as handouts: plain text, Markdown, HTML and JSON. Every format
// is drawn from the same lesson pages as the terminal screens, never from a second copy of the text.
package export

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
)

// Options tune a handout.
type Options struct {
	Assumptions flow.Assumptions
	// From is the index of the first step written: the walkthrough printed to a pipe with --step starts
	// there. Citation numbers stay those of the whole walkthrough.
	From int
	// WithAnswers adds the check-your-understanding questions and an answer key, before the sources
	// (which end every handout).
	WithAnswers bool
	// WithNotes adds each step's presenter notes (export/notes.go).
	WithNotes bool
}

// writer is one format.
type writer func(out io.Writer, w *content.Walkthrough, pages []lesson.Page, opts Options) error

var formats = map[string]writer{
	"html": writeHTML,
	"json": writeJSON,
	"md":   writeMarkdown,
	"txt":  writeText,
}

// Formats lists the format names, sorted.
func Formats() []string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Known reports whether format names a format.
func Known(format string) bool {
	_, ok := formats[format]
	return ok
}

// Write writes the walkthrough in a format to out.
func Write(out io.Writer, w *content.Walkthrough, format string, opts Options) error {
	f, ok := formats[format]
	if !ok {
		return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
	}
	pages := lesson.Build(w, opts.Assumptions)
	return f(out, w, pages[min(max(opts.From, 0), len(pages)):], opts)
}
