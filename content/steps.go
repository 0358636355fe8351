package content

// Steps: Markdown files with front matter, their citation markers and the events they describe.

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cyberid/cyberid/flow"
)

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
		// A name starting with a dot is an editor's lock or swap file, not content.
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") && !strings.HasPrefix(e.Name(), ".") {
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
		noteLines := seqLines(root, "notes", 1)
		for i := range st.Notes {
			st.Notes[i].Line = lineAt(noteLines, i)
		}
		riskLines := seqLines(root, "risks", 1)
		for i := range st.Risks {
			st.Risks[i].Line = lineAt(riskLines, i)
		}
		l.checkStep(&st, string(body), bodyLine, seen)
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

func (l *loader) checkStep(st *Step, body string, bodyLine int, seen map[string]int) {
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
	// Markers: every [@id] must name a known quote; a lone "[@" is a typo worth catching. The body is
	// read as written, not unwrapped, so that each problem is on the line an editor shows.
	for i, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
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
	for _, n := range st.Notes {
		if !slices.Contains(NoteKinds, n.Kind) {
			l.fail(f, n.Line, "a note's kind must be ask, watch or discuss, not %q", n.Kind)
		}
		if strings.TrimSpace(n.Text) == "" {
			l.fail(f, n.Line, "a note needs its text")
		}
		l.checkCites(f, n.Line, "note", n.Cite)
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
		add(ev.ResultCite)
	}
	for _, r := range st.Risks {
		add(r.Cite)
		add(r.SafeguardCite)
	}
	return out
}

func partyNames() string { return joinNames(flow.Parties, ", ") }

func itemNames() string { return joinNames(flow.Items, ", ") }

// joinNames lists names of one of flow's kinds, for messages.
func joinNames[T ~string](names []T, sep string) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, sep)
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
		// What a platform receives at login is the open question: it must rest on quotes of its own,
		// not borrow the ones about the centre's log.
		if flow.Op(ev.Op) == flow.OpLogin && len(ev.ResultCite) == 0 {
			l.fail(f, ev.Line, "login event needs result_cite: the quotes that say what the platform receives")
		}
	case flow.OpBreach:
		needParty("party", ev.Party)
	default:
		l.fail(f, ev.Line, "unknown event op %q (known: hold, send, login, report, breach)", ev.Op)
	}
	if len(ev.ResultCite) > 0 && flow.Op(ev.Op) != flow.OpLogin {
		l.fail(f, ev.Line, "result_cite is for login events only")
	}
	l.checkCites(f, ev.Line, "event", ev.Cite)
	l.checkCites(f, ev.Line, "event result", ev.ResultCite)
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
				Cite: ev.Cite, ResultCite: ev.ResultCite,
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

// unwrapMarkdown joins the hard-wrapped lines of each paragraph and list item, so that whatever shows
// the narrative (the screen, a handout, a search result) wraps it to its own width, even one that
// keeps the source's line breaks.
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
