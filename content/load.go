package content

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

//go:embed *.yaml steps/*.md questions/*.yaml
var embedded embed.FS

// Load returns the embedded walkthrough, parsed and validated from its files: an edit to a YAML or
// Markdown file shows at the next `go run .`, with nothing to regenerate.
func Load() (*Walkthrough, error) { return LoadFS(embedded) }

// Problem is one thing wrong with a content file.
type Problem struct {
	File string
	Line int
	Msg  string
}

// String is the problem as one line, file:line: what is wrong. A file name with a character that
// would break the line (a newline in a name is possible) is quoted.
func (p Problem) String() string {
	file := p.File
	if strings.IndexFunc(file, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		file = strconv.Quote(file)
	}
	msg := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(p.Msg)
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, p.Line, msg)
	}
	return file + ": " + msg
}

// Error lists every problem found, so that an author fixes them all in one pass.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("content is not valid:")
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

type loader struct {
	fsys     fs.FS
	w        *Walkthrough
	problems []Problem
}

func (l *loader) fail(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// LoadFS parses and validates a walkthrough from any file system laid out like content/.
func LoadFS(fsys fs.FS) (*Walkthrough, error) {
	l := &loader{fsys: fsys, w: &Walkthrough{}}
	l.loadSources()
	l.loadQuotes()
	l.loadSteps()
	l.loadDisagreements()
	l.loadGlossary()
	l.loadTimeline()
	l.loadScenarios()
	l.loadSingleSource()
	l.loadQuestions()
	if len(l.problems) == 0 {
		l.crossCheck()
	}
	if len(l.problems) > 0 {
		return nil, &Error{Problems: l.problems}
	}
	return l.w, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func (l *loader) checkID(file string, line int, kind, id string, seen map[string]int) {
	switch {
	case id == "":
		l.fail(file, line, "%s has no id", kind)
	case !idPattern.MatchString(id):
		l.fail(file, line, "%s id %q: use lower-case letters, digits and dashes", kind, id)
	default:
		if first, dup := seen[id]; dup {
			l.fail(file, line, "duplicate %s id %q (first on line %d)", kind, id, first)
		}
		seen[id] = line
	}
}

func (l *loader) loadSources() {
	const file = "sources.yaml"
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		Sources []Source `yaml:"sources"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "sources", 0)
	seen := map[string]int{}
	l.w.sourceByID = map[string]int{}
	for i, s := range doc.Sources {
		s.Line = lineAt(lines, i)
		l.checkID(file, s.Line, "source", s.ID, seen)
		switch s.Tier {
		case TierArticle:
			if s.File == "" {
				l.fail(file, s.Line, "article %q has no file (its text in ../shared/sources)", s.ID)
			}
		case TierSecond:
			if s.Confidence != "high" && s.Confidence != "medium" && s.Confidence != "low" {
				l.fail(file, s.Line, "second-tier source %q needs confidence: high, medium or low", s.ID)
			}
		default:
			l.fail(file, s.Line, "source %q: tier must be article or second, not %q", s.ID, s.Tier)
		}
		if strings.TrimSpace(s.Outlet) == "" || strings.TrimSpace(s.Headline) == "" {
			l.fail(file, s.Line, "source %q needs an outlet and a headline", s.ID)
		}
		l.checkCopy(file, s)
		l.w.sourceByID[s.ID] = len(l.w.Sources)
		l.w.Sources = append(l.w.Sources, s)
	}
	if len(doc.Sources) == 0 && root != nil {
		l.fail(file, 0, "no sources")
	}
}

// copyWords are what an outlet line says of a source read on a copy rather than at its publisher.
var copyWords = regexp.MustCompile(`(?i)\bread on\b|\bmirror|\bcopy\b|\brepublished\b|\breprint|\bvia\b|\bas quoted\b|\breproduced\b|\bthird-party\b|\bcarrying\b`)

// checkCopy requires a source read on a copy to say so (read_on) and to give its original's address
// or say plainly that it was not found, so a printed handout can always be traced to its publisher.
func (l *loader) checkCopy(file string, s Source) {
	switch {
	case s.ReadOn == "" && copyWords.MatchString(s.Outlet):
		l.fail(file, s.Line, "source %q: its outlet says %q, so it was read on a copy: add read_on: (where) and "+
			"original: (the publisher's address, or %s)", s.ID, copyWords.FindString(s.Outlet), OriginalNotFound)
	case s.ReadOn == "" && s.Original != "":
		l.fail(file, s.Line, "source %q: original: is only for a source read on a copy (read_on:)", s.ID)
	case s.ReadOn == "":
	case s.Original == "":
		l.fail(file, s.Line, "source %q was read on a copy: add original: (the publisher's address) or original: %s",
			s.ID, OriginalNotFound)
	case s.Original != OriginalNotFound && !strings.HasPrefix(s.Original, "https://") && !strings.HasPrefix(s.Original, "http://"):
		l.fail(file, s.Line, "source %q: original must be an http(s) address or %q, not %q", s.ID, OriginalNotFound, s.Original)
	}
}

func (l *loader) loadQuotes() {
	const file = "quotes.yaml"
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		Quotes []Quote `yaml:"quotes"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "quotes", 0)
	seen := map[string]int{}
	l.w.quoteByID = map[string]int{}
	for i, q := range doc.Quotes {
		q.Line = lineAt(lines, i)
		l.checkID(file, q.Line, "quote", q.ID, seen)
		if strings.TrimSpace(q.Text) == "" {
			l.fail(file, q.Line, "quote %q is empty", q.ID)
		}
		switch hasTranslation := strings.TrimSpace(q.Translation) != ""; {
		case NeedsTranslation(q.Text) && !hasTranslation:
			l.fail(file, q.Line, "quote %q is not in English: add translation: (our English rendering)", q.ID)
		case hasTranslation && !NeedsTranslation(q.Text):
			l.fail(file, q.Line, "quote %q is in English: it needs no translation", q.ID)
		case NeedsTranslation(q.Translation):
			l.fail(file, q.Line, "quote %q: the translation is not in English", q.ID)
		}
		if _, ok := l.w.sourceByID[q.Source]; !ok {
			l.fail(file, q.Line, "quote %q: unknown source %q", q.ID, q.Source)
		}
		l.w.quoteByID[q.ID] = len(l.w.Quotes)
		l.w.Quotes = append(l.w.Quotes, q)
	}
}

func (l *loader) loadDisagreements() {
	const file = "disagreements.yaml"
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		Disagreements []Disagreement `yaml:"disagreements"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "disagreements", 0)
	seen := map[string]int{}
	for i, d := range doc.Disagreements {
		d.Line = lineAt(lines, i)
		l.checkID(file, d.Line, "disagreement", d.ID, seen)
		if strings.TrimSpace(d.Title) == "" || strings.TrimSpace(d.Resolution) == "" {
			l.fail(file, d.Line, "disagreement %q needs a title and a resolution", d.ID)
		}
		if len(d.Sides) < 2 {
			l.fail(file, d.Line, "disagreement %q needs at least two sides", d.ID)
		}
		for _, s := range d.Sides {
			if _, ok := l.w.quoteByID[s.Quote]; !ok {
				l.fail(file, d.Line, "disagreement %q: side cites unknown quote %q", d.ID, s.Quote)
			}
			if strings.TrimSpace(s.Label) == "" {
				l.fail(file, d.Line, "disagreement %q: every side needs a label", d.ID)
			}
		}
		l.checkCites(file, d.Line, "resolution", d.ResolutionCite)
		l.w.Disagreements = append(l.w.Disagreements, d)
	}
}

func (l *loader) loadGlossary() {
	const file = "glossary.yaml"
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		Glossary []Term `yaml:"glossary"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "glossary", 0)
	for i, t := range doc.Glossary {
		t.Line = lineAt(lines, i)
		if strings.TrimSpace(t.Term) == "" || strings.TrimSpace(t.Explanation) == "" {
			l.fail(file, t.Line, "a glossary entry needs a term and an explanation")
		}
		if len(t.Cite) == 0 {
			l.fail(file, t.Line, "glossary entry %q needs a cite", t.Term)
		}
		l.checkCites(file, t.Line, "glossary entry", t.Cite)
		l.w.Glossary = append(l.w.Glossary, t)
	}
}

func (l *loader) loadTimeline() {
	const file = "timeline.yaml"
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		Timeline []Dated `yaml:"timeline"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "timeline", 0)
	for i, d := range doc.Timeline {
		d.Line = lineAt(lines, i)
		if strings.TrimSpace(d.Date) == "" || strings.TrimSpace(d.Event) == "" || len(d.Cite) == 0 {
			l.fail(file, d.Line, "a timeline entry needs a date, an event and a cite")
		}
		l.checkCites(file, d.Line, "timeline entry", d.Cite)
		l.w.Timeline = append(l.w.Timeline, d)
	}
}

// crossCheck validates references between files once every file has loaded.
func (l *loader) crossCheck() {
	l.checkScenarioSteps()
	known := map[string]bool{}
	for _, d := range l.w.Disagreements {
		known[d.ID] = true
		for _, s := range d.Steps {
			if _, ok := l.w.stepByID[s]; !ok {
				l.fail("disagreements.yaml", d.Line, "disagreement %q: unknown step %q", d.ID, s)
			}
		}
	}
	for _, st := range l.w.Steps {
		for _, id := range st.Disputes {
			if !known[id] {
				l.fail(st.File, 2, "disputes: unknown disagreement %q", id)
			}
		}
	}
	for _, d := range l.w.Timeline {
		if _, ok := l.w.stepByID[d.Step]; d.Step != "" && !ok {
			l.fail("timeline.yaml", d.Line, "unknown step %q", d.Step)
		}
	}
}
