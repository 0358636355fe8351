// Package content holds the walkthrough as data (YAML and Markdown embedded in the binary) and the
// loader that parses and validates it. It imports no Charm package and knows nothing of the UI: the
// screens, the handouts and the SSH server all read the one Walkthrough value that Load returns.
package content

import "unicode"

// Tier says how much weight a source carries: the five news articles the project is built from, or a
// second-tier source (official texts, other reporting) used only where the articles fall short.
type Tier string

const (
	TierArticle Tier = "article"
	TierSecond  Tier = "second"
)

// Source is one article or second-tier source.
type Source struct {
	ID         string `yaml:"id"`
	Tier       Tier   `yaml:"tier"`
	Outlet     string `yaml:"outlet"`
	Headline   string `yaml:"headline"`
	Date       string `yaml:"date"`      // empty: the page carries no date
	DateNote   string `yaml:"date_note"` // what we know about the date when the page has none
	URL        string `yaml:"url"`
	File       string `yaml:"file"`       // the article's text in ../shared/sources, for quote checks
	Upstream   string `yaml:"upstream"`   // which report it retells, so agreement is not read as independence
	Confidence string `yaml:"confidence"` // second tier only: high, medium or low
	// Official: the text is the government's own (the measures, the ministry's explanation, state
	// media carrying an official statement). Only beside one of these may the app's own voice say
	// "official", "stated" or "the rules say".
	Official bool `yaml:"official"`
	// ReadOn says where the text was read when that was not its publisher's own page: a mirror, a
	// reprint, another site quoting it. URL is then that copy's address. Empty: read at the publisher.
	ReadOn string `yaml:"read_on"`
	// Original is, for a source read on a copy, the publisher's own address, or OriginalNotFound.
	Original string `yaml:"original"`
	Line     int    `yaml:"-"`
}

// OriginalNotFound is the Original of a copy whose publisher's address we do not know.
const OriginalNotFound = "not found"

// IsCopy reports whether the source was read on a copy rather than at its publisher.
func (s Source) IsCopy() bool { return s.ReadOn != "" }

// CopyText says, for a source read on a copy, that it is one and where the original is, in words
// every view prints as they are; "" for a source read at its publisher.
func (s Source) CopyText() string {
	if !s.IsCopy() {
		return ""
	}
	t := "Read on a copy: " + s.ReadOn + ". "
	switch s.Original {
	case OriginalNotFound:
		return t + "Original not found."
	case s.URL:
		return t + "Original: the address above."
	}
	return t + "Original: " + s.Original
}

// DateText is the date as a reader should see it.
func (s Source) DateText() string {
	if s.Date != "" {
		return s.Date
	}
	if s.DateNote != "" {
		return "no date on the page (" + s.DateNote + ")"
	}
	return "no date on the page"
}

// Quote is a verbatim passage from a source.
type Quote struct {
	ID     string `yaml:"id"`
	Source string `yaml:"source"`
	Text   string `yaml:"text"`
	// Credits names the outlet that the quote's own words credit ("The Economist noted"): the app
	// then names both, "ForkLog, retelling The Economist", never the retelling outlet alone.
	Credits string `yaml:"credits"`
	// Translation is our English rendering of a quote that is not in English: ours, not the source's
	// words, so every view labels it TranslationLabel and never puts it in quotation marks.
	Translation string `yaml:"translation"`
	Line        int    `yaml:"-"`
}

// TranslationLabel is how every view marks a translation, so that no one takes it for a quote.
const TranslationLabel = "our translation, not a quote"

// TranslationText is our translation with its label, as every view prints it beside the quote:
// "(our translation, not a quote: …)"; "" for a quote in English.
func (q Quote) TranslationText() string {
	if q.Translation == "" {
		return ""
	}
	return "(" + TranslationLabel + ": " + q.Translation + ")"
}

// NeedsTranslation reports whether a text is not in English, told by its script: any Han character
// (Chinese, simplified or traditional). The sources are English and Chinese only.
func NeedsTranslation(text string) bool {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Message is the arrow drawn on the parties diagram for a step.
type Message struct {
	From  string `yaml:"from"`
	To    string `yaml:"to"`
	Label string `yaml:"label"`
}

// Event is one thing that happens to the data at a step: see flow.Op for the meanings.
type Event struct {
	Op       string   `yaml:"op"`
	Party    string   `yaml:"party"`
	From     string   `yaml:"from"`
	To       string   `yaml:"to"`
	Item     string   `yaml:"item"`
	Platform string   `yaml:"platform"`
	Cite     []string `yaml:"cite"`
	// ResultCite (login only): the quotes that say what the platform receives; cite then backs the
	// centre's login record.
	ResultCite []string `yaml:"result_cite"`
	Line       int      `yaml:"-"`
}

// Risk is a concern and, beside it, the stated reason or safeguard on the other side.
type Risk struct {
	Concern       string   `yaml:"concern"`
	Cite          []string `yaml:"cite"`
	Safeguard     string   `yaml:"safeguard"`
	SafeguardCite []string `yaml:"safeguard_cite"`
	Line          int      `yaml:"-"`
}

// Step is one screen of the walkthrough.
type Step struct {
	ID        string   `yaml:"id"`
	Chapter   string   `yaml:"chapter"`
	Title     string   `yaml:"title"`
	World     string   `yaml:"world"`
	Message   Message  `yaml:"message"`
	Events    []Event  `yaml:"events"`
	Risks     []Risk   `yaml:"risks"`
	Disputes  []string `yaml:"disputes"`
	Narrative string   `yaml:"-"` // Markdown with [@quote-id] markers
	File      string   `yaml:"-"`
	// Cites lists the quote ids the step uses, in order of first appearance: narrative markers, then
	// events, then risks. A marker's number on screen is its index here plus one.
	Cites []string `yaml:"-"`
	// Notes are the presenter's notes (optional): prompts for the class, shown only to the presenter
	// and in a handout written --with-notes. Their citations are not in Cites: notes never change a
	// quote's number.
	Notes []Note `yaml:"notes"`
}

// Note is one presenter's note on a step: a prompt for the class, not a fact. Any fact in it is cited.
type Note struct {
	Kind string   `yaml:"kind"` // one of NoteKinds
	Text string   `yaml:"text"`
	Cite []string `yaml:"cite"`
	Line int      `yaml:"-"`
}

// NoteKinds are the kinds of presenter note: a question to ask the class, a misconception to watch
// for, a disagreement to bring up. Their labels are the app's words (words.NoteLabel).
var NoteKinds = []string{"ask", "watch", "discuss"}

// Side is one side of a disagreement.
type Side struct {
	Label string `yaml:"label"`
	Quote string `yaml:"quote"`
}

// Disagreement is a point where the sources say different things.
type Disagreement struct {
	ID             string   `yaml:"id"`
	Title          string   `yaml:"title"`
	Sides          []Side   `yaml:"sides"`
	Resolution     string   `yaml:"resolution"`
	ResolutionCite []string `yaml:"resolution_cite"`
	Steps          []string `yaml:"steps"`
	Line           int      `yaml:"-"`
}

// Term is a glossary entry.
type Term struct {
	Term        string   `yaml:"term"`
	Chinese     string   `yaml:"chinese"`
	Pinyin      string   `yaml:"pinyin"`
	Explanation string   `yaml:"explanation"`
	Cite        []string `yaml:"cite"`
	Line        int      `yaml:"-"`
}

// Event in time, linked to the step that tells it.
type Dated struct {
	Date  string   `yaml:"date"`
	Event string   `yaml:"event"`
	Cite  []string `yaml:"cite"`
	Step  string   `yaml:"step"`
	Line  int      `yaml:"-"`
}

// Walkthrough is everything the app shows, validated.
type Walkthrough struct {
	Sources       []Source
	Quotes        []Quote
	Steps         []Step
	Disagreements []Disagreement
	Glossary      []Term
	Timeline      []Dated
	Questions     []Question // check-your-understanding, by chapter (questions/*.yaml)
	Scenarios     []Scenario
	SingleSource  []SingleSource // claims that rest on one source only

	sourceByID map[string]int
	quoteByID  map[string]int
	stepByID   map[string]int
}

// Source returns the source with the given id.
func (w *Walkthrough) Source(id string) (Source, bool) {
	i, ok := w.sourceByID[id]
	if !ok {
		return Source{}, false
	}
	return w.Sources[i], true
}

// Quote returns the quote with the given id.
func (w *Walkthrough) Quote(id string) (Quote, bool) {
	i, ok := w.quoteByID[id]
	if !ok {
		return Quote{}, false
	}
	return w.Quotes[i], true
}

// StepIndex returns the position of the step with the given id.
func (w *Walkthrough) StepIndex(id string) (int, bool) {
	i, ok := w.stepByID[id]
	return i, ok
}

// Disagreement returns the disagreement with the given id.
func (w *Walkthrough) Disagreement(id string) (Disagreement, bool) {
	for _, d := range w.Disagreements {
		if d.ID == id {
			return d, true
		}
	}
	return Disagreement{}, false
}

// SourceNumber is the source's position in the bibliography, counting from 1.
func (w *Walkthrough) SourceNumber(id string) int {
	if i, ok := w.sourceByID[id]; ok {
		return i + 1
	}
	return 0
}

// Citation is a quote resolved to its source: what a marker on screen stands for.
type Citation struct {
	Quote  Quote
	Source Source
}

// Cite resolves a quote id. Load has already checked that every id used resolves.
func (w *Walkthrough) Cite(quoteID string) Citation {
	q, _ := w.Quote(quoteID)
	s, _ := w.Source(q.Source)
	return Citation{Quote: q, Source: s}
}

// Uses lists, for a quote id, the steps that cite it.
func (w *Walkthrough) Uses(quoteID string) []int {
	var out []int
	for i, s := range w.Steps {
		for _, c := range s.Cites {
			if c == quoteID {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// Para is a sentence or two of our own with its citations; with no citation it is our own assumption
// or arithmetic, and the screens say so.
type Para struct {
	Text       string   `yaml:"text"`
	Cite       []string `yaml:"cite"`
	Arithmetic bool     `yaml:"arithmetic"` // a number we worked out from cited figures
}

// ScenarioKinds are the computations a scenario can ask of the model.
var ScenarioKinds = []string{"before-after", "identifier", "breach", "insider", "mandatory", "one-switch", "compare"}

// Scenario is one "what if": an assumption changed, replayed through the same model.
type Scenario struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Kind        string   `yaml:"kind"`
	Steps       []string `yaml:"steps"` // where the walkthrough offers it
	Intro       Para     `yaml:"intro"`
	Assumptions []Para   `yaml:"assumptions"`
	Notes       []Para   `yaml:"notes"`
	Balance     []Para   `yaml:"balance"` // the stated reason or safeguard on the other side
	Line        int      `yaml:"-"`
}
