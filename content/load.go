package content

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cyberid/cyberid/flow"
	"gopkg.in/yaml.v3"
)

//go:embed *.yaml steps/*.md questions/*.yaml
var embedded embed.FS

// Load parses and validates the embedded walkthrough.
func Load() (*Walkthrough, error) { return LoadFS(embedded) }

// Problem is one thing wrong with a content file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
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

var yamlLine = regexp.MustCompile(`line (\d+)`)

// decodeYAML decodes data strictly (unknown fields are errors) into v, and also returns the node tree
// so that list entries can be given their line numbers. offset is added to every line: front matter
// starts on the second line of its file.
func (l *loader) decodeYAML(file string, data []byte, offset int, v any) *yaml.Node {
	// Parse once into a node tree (parsing is most of the loader's cost), check the field names
	// against v's type ourselves, then decode from the tree.
	var root yaml.Node
	err := yaml.Unmarshal(data, &root)
	if err == nil {
		if unknown := unknownFields(&root, reflect.TypeOf(v)); len(unknown) > 0 {
			for _, u := range unknown {
				l.fail(file, u.line+offset, "field %s not found in a %s", u.name, u.in)
			}
			return nil
		}
		err = root.Decode(v)
	}
	if err != nil {
		var te *yaml.TypeError
		msgs := []string{err.Error()}
		if errors.As(err, &te) {
			msgs = te.Errors
		}
		for _, msg := range msgs {
			msg = strings.TrimPrefix(msg, "yaml: ")
			line := 0
			if m := yamlLine.FindStringSubmatch(msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				line = n + offset
				// The line is reported in front of the message; drop it from the text.
				msg = strings.TrimPrefix(strings.Replace(msg, m[0], "", 1), ": ")
			}
			msg = strings.ReplaceAll(msg, " in type content.", " in a ")
			l.fail(file, line, "%s", msg)
		}
		return nil
	}
	return &root
}

type unknownField struct {
	name, in string
	line     int
}

// unknownFields walks a node tree beside the Go type it will be decoded into and reports every
// mapping key the type has no yaml field for: a misspelt key must not be silently ignored.
func unknownFields(n *yaml.Node, t reflect.Type) []unknownField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return unknownFields(n.Content[0], t)
		}
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice {
			var out []unknownField
			for _, c := range n.Content {
				out = append(out, unknownFields(c, t.Elem())...)
			}
			return out
		}
	case yaml.MappingNode:
		if t.Kind() != reflect.Struct {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			fields[name] = f.Type
		}
		var out []unknownField
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				in := strings.ToLower(t.Name())
				if in == "" {
					in = "top-level list"
				}
				out = append(out, unknownField{name: k.Value, in: in, line: k.Line})
				continue
			}
			out = append(out, unknownFields(n.Content[i+1], ft)...)
		}
		return out
	}
	return nil
}

// seqLines returns the line of each entry of the list under key in a YAML mapping document.
func seqLines(root *yaml.Node, key string, offset int) []int {
	if root == nil || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, n := range m.Content[i+1].Content {
				lines = append(lines, n.Line+offset)
			}
			return lines
		}
	}
	return nil
}

func lineAt(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

func (l *loader) read(name string) []byte {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.fail(name, 0, "cannot read: %v", errors.Unwrap(err))
		return nil
	}
	return data
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
		l.w.sourceByID[s.ID] = len(l.w.Sources)
		l.w.Sources = append(l.w.Sources, s)
	}
	if len(doc.Sources) == 0 && root != nil {
		l.fail(file, 0, "no sources")
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
		if _, ok := l.w.sourceByID[q.Source]; !ok {
			l.fail(file, q.Line, "quote %q: unknown source %q", q.ID, q.Source)
		}
		l.w.quoteByID[q.ID] = len(l.w.Quotes)
		l.w.Quotes = append(l.w.Quotes, q)
	}
}

// markerPattern finds citation markers in a narrative: [@quote-id].
var markerPattern = regexp.MustCompile(`\[@([^\]\s]*)\]`)

// Markers returns the quote ids cited in a narrative, in order, with repeats.
func Markers(narrative string) []string {
	var out []string
	for _, m := range markerPattern.FindAllStringSubmatch(narrative, -1) {
		out = append(out, m[1])
	}
	return out
}

// splitFrontMatter separates "---\n<yaml>\n---\n<body>". bodyLine is the body's first line number.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(s, "---\n") {
		return nil, nil, 0, false
	}
	rest := s[4:]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - 4
		} else {
			return nil, nil, 0, false
		}
	}
	front = []byte(rest[:end+1])
	after := ""
	if end+5 <= len(rest) {
		after = rest[end+5:]
	}
	bodyLine = 1 + strings.Count(rest[:end+1], "\n") + 2
	return front, []byte(after), bodyLine, true
}

func (l *loader) loadSteps() {
	entries, err := fs.ReadDir(l.fsys, "steps")
	if err != nil {
		l.fail("steps/", 0, "cannot read the steps folder: %v", errors.Unwrap(err))
		return
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		l.fail("steps/", 0, "no steps (add steps/NN-slug.md)")
	}
	seen := map[string]int{}
	l.w.stepByID = map[string]int{}
	for _, name := range names {
		file := path.Join("steps", name)
		data := l.read(file)
		if data == nil {
			continue
		}
		front, body, bodyLine, ok := splitFrontMatter(data)
		if !ok {
			l.fail(file, 1, "a step starts with front matter between two --- lines")
			continue
		}
		var st Step
		root := l.decodeYAML(file, front, 1, &st)
		if root == nil {
			continue
		}
		st.File = file
		st.Narrative = unwrapMarkdown(strings.TrimSpace(string(body)))
		if st.World == "" {
			st.World = "cyberspace-id"
		}
		evLines := seqLines(root, "events", 1)
		for i := range st.Events {
			st.Events[i].Line = lineAt(evLines, i)
		}
		riskLines := seqLines(root, "risks", 1)
		for i := range st.Risks {
			st.Risks[i].Line = lineAt(riskLines, i)
		}
		l.checkStep(&st, bodyLine, seen)
		l.w.stepByID[st.ID] = len(l.w.Steps)
		l.w.Steps = append(l.w.Steps, st)
	}
}

func (l *loader) checkCites(file string, line int, what string, ids []string) {
	for _, id := range ids {
		if _, ok := l.w.quoteByID[id]; !ok {
			l.fail(file, line, "%s cites unknown quote %q", what, id)
		}
	}
}

func (l *loader) checkStep(st *Step, bodyLine int, seen map[string]int) {
	f := st.File
	l.checkID(f, 2, "step", st.ID, seen)
	if strings.TrimSpace(st.Title) == "" {
		l.fail(f, 2, "step %q has no title", st.ID)
	}
	if strings.TrimSpace(st.Chapter) == "" {
		l.fail(f, 2, "step %q has no chapter", st.ID)
	}
	if st.World != "today" && st.World != "cyberspace-id" {
		l.fail(f, 2, "world must be today or cyberspace-id, not %q", st.World)
	}
	if st.Narrative == "" {
		l.fail(f, bodyLine, "step %q has no narrative after its front matter", st.ID)
	}
	for _, p := range []string{st.Message.From, st.Message.To} {
		if p != "" && !flow.KnownParty(p) {
			l.fail(f, 2, "message: unknown party %q (known: %s)", p, partyNames())
		}
	}
	// Markers: every [@id] must name a known quote; a lone "[@" is a typo worth catching.
	for i, line := range strings.Split(st.Narrative, "\n") {
		for _, id := range Markers(line) {
			if id == "" {
				l.fail(f, bodyLine+i, "empty citation marker [@]")
			} else if _, ok := l.w.quoteByID[id]; !ok {
				l.fail(f, bodyLine+i, "citation marker [@%s]: unknown quote", id)
			}
		}
		if strings.Count(line, "[@") != len(Markers(line)) {
			l.fail(f, bodyLine+i, "unclosed citation marker: write [@quote-id]")
		}
	}
	for _, ev := range st.Events {
		l.checkEvent(f, ev)
	}
	for _, r := range st.Risks {
		if strings.TrimSpace(r.Concern) == "" || len(r.Cite) == 0 {
			l.fail(f, r.Line, "a risk needs a concern and its cite")
		}
		if strings.TrimSpace(r.Safeguard) == "" || len(r.SafeguardCite) == 0 {
			l.fail(f, r.Line, "a risk needs the other side too: safeguard and safeguard_cite")
		}
		l.checkCites(f, r.Line, "risk", r.Cite)
		l.checkCites(f, r.Line, "risk safeguard", r.SafeguardCite)
	}
	st.Cites = stepCites(st)
	if len(st.Cites) == 0 {
		l.fail(f, 2, "step %q cites nothing: every step needs at least one citation", st.ID)
	}
}

// stepCites lists a step's quote ids in the order a reader meets them, without repeats.
func stepCites(st *Step) []string {
	var out []string
	add := func(ids []string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	add(Markers(st.Narrative))
	for _, ev := range st.Events {
		add(ev.Cite)
	}
	for _, r := range st.Risks {
		add(r.Cite)
		add(r.SafeguardCite)
	}
	return out
}

func partyNames() string {
	var s []string
	for _, p := range flow.Parties {
		s = append(s, string(p))
	}
	return strings.Join(s, ", ")
}

func itemNames() string {
	var s []string
	for _, it := range flow.Items {
		s = append(s, string(it))
	}
	return strings.Join(s, ", ")
}

func (l *loader) checkEvent(f string, ev Event) {
	needParty := func(field, v string) {
		if v == "" {
			l.fail(f, ev.Line, "%s event needs %s", ev.Op, field)
		} else if !flow.KnownParty(v) {
			l.fail(f, ev.Line, "%s: unknown party %q (known: %s)", field, v, partyNames())
		}
	}
	needItem := func() {
		if ev.Item == "" {
			l.fail(f, ev.Line, "%s event needs item", ev.Op)
		} else if !flow.KnownItem(ev.Item) {
			l.fail(f, ev.Line, "unknown item %q (known: %s)", ev.Item, itemNames())
		}
	}
	switch flow.Op(ev.Op) {
	case flow.OpHold:
		needParty("party", ev.Party)
		needItem()
	case flow.OpSend:
		needParty("from", ev.From)
		needParty("to", ev.To)
		needItem()
	case flow.OpLogin, flow.OpReport:
		needParty("platform", ev.Platform)
		if ev.Platform != "" && ev.Platform != string(flow.PlatformA) && ev.Platform != string(flow.PlatformB) {
			l.fail(f, ev.Line, "%s: platform must be platform-a or platform-b", ev.Op)
		}
	case flow.OpBreach:
		needParty("party", ev.Party)
	default:
		l.fail(f, ev.Line, "unknown event op %q (known: hold, send, login, report, breach)", ev.Op)
	}
	l.checkCites(f, ev.Line, "event", ev.Cite)
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

// FlowSteps converts the steps' front matter into flow's terms. Load has checked every name.
func (w *Walkthrough) FlowSteps() []flow.Step {
	out := make([]flow.Step, len(w.Steps))
	for i, st := range w.Steps {
		fs := flow.Step{World: st.World}
		for _, ev := range st.Events {
			fs.Events = append(fs.Events, flow.Event{
				Op: flow.Op(ev.Op), Party: flow.Party(ev.Party), From: flow.Party(ev.From),
				To: flow.Party(ev.To), Item: flow.Item(ev.Item), Platform: flow.Party(ev.Platform),
				Cite: ev.Cite,
			})
		}
		out[i] = fs
	}
	return out
}

// ReplaceMarkers rewrites every [@id] marker in a narrative with what repl returns for its id.
func ReplaceMarkers(narrative string, repl func(id string) string) string {
	return markerPattern.ReplaceAllStringFunc(narrative, func(m string) string {
		return repl(m[2 : len(m)-1])
	})
}

// unwrapMarkdown joins the hard-wrapped lines of each paragraph and list item, so that every renderer
// (glamour keeps line breaks inside list items) can wrap the text to its own width.
func unwrapMarkdown(md string) string {
	lines := strings.Split(md, "\n")
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		startsBlock := t == "" || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") ||
			strings.HasPrefix(t, "#") || strings.HasPrefix(t, ">") || strings.HasPrefix(t, "|") ||
			orderedItem.MatchString(t)
		if len(out) > 0 && !startsBlock && strings.TrimSpace(out[len(out)-1]) != "" {
			out[len(out)-1] += " " + t
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

var orderedItem = regexp.MustCompile(`^\d+[.)] `)
