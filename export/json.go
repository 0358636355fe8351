package export

import (
	"encoding/json"
	"io"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// The JSON handout: the walkthrough as data for other tools. The shape is documented in the README;
// change it only by adding fields, and bump jsonVersion if a field changes meaning.
const jsonVersion = 2 // 2: a citation's number is the same on every step (was "marker", per step)

type jsonHandout struct {
	Version    int    `json:"version"`
	Title      string `json:"title"`
	Assumption string `json:"assumption"` // what platforms are assumed to receive at login
	// AssumptionSourced: the assumption is the case a source states (the default), not a what-if.
	AssumptionSourced bool               `json:"assumption_sourced"`
	Sources           []jsonSource       `json:"sources"`
	Steps             []jsonStep         `json:"steps"`
	Disagreements     []jsonDisagreement `json:"disagreements"`
	Glossary          []jsonTerm         `json:"glossary"`
	Timeline          []jsonDated        `json:"timeline"`
	Scenarios         []jsonScenario     `json:"scenarios"`
	Citations         []jsonCitation     `json:"citations"` // every quote, in number order
}

type jsonSource struct {
	Number     int    `json:"number"` // the [S<number>] in the other formats
	ID         string `json:"id"`
	Tier       string `json:"tier"` // "article" or "second"
	Outlet     string `json:"outlet"`
	Headline   string `json:"headline"`
	Date       string `json:"date,omitempty"`
	DateNote   string `json:"date_note,omitempty"`
	URL        string `json:"url"`
	Upstream   string `json:"upstream,omitempty"`
	Confidence string `json:"confidence,omitempty"`
	ReadOn     string `json:"read_on,omitempty"`  // set when read on a copy; url is then the copy's
	Original   string `json:"original,omitempty"` // for a copy: the publisher's address, or "not found"
}

// jsonCitation is a quote resolved to its source. Number is the [n] it has everywhere: on every step,
// in every scenario and in every other format.
type jsonCitation struct {
	Number  int    `json:"number"`
	Source  string `json:"source"`
	QuoteID string `json:"quote_id"`
	Quote   string `json:"quote"`
	// Translation is our English rendering of a quote not in English: ours, not the source's words.
	Translation     string `json:"translation,omitempty"`
	TranslationNote string `json:"translation_note,omitempty"` // always "our translation, not a quote"
}

type jsonMessage struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label"`
}

type jsonTransfer struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Item    string `json:"item"`
	Label   string `json:"label"`
	Assumed bool   `json:"assumed"`
}

type jsonItem struct {
	Item              string         `json:"item"`
	Label             string         `json:"label"`
	About             string         `json:"about,omitempty"` // the platform the item concerns
	New               bool           `json:"new"`
	Sourced           bool           `json:"sourced"`
	Illustrative      bool           `json:"illustrative"`
	Assumed           bool           `json:"assumed"`
	IllustrativeValue string         `json:"illustrative_value,omitempty"`
	Citations         []jsonCitation `json:"citations"`
}

type jsonParty struct {
	Party string     `json:"party"`
	Label string     `json:"label"`
	Pane  string     `json:"pane"` // "platform" or "centre"
	Items []jsonItem `json:"items"`
}

type jsonRisk struct {
	Concern            string         `json:"concern"`
	ConcernCitations   []jsonCitation `json:"concern_citations"`
	Safeguard          string         `json:"safeguard"`
	SafeguardCitations []jsonCitation `json:"safeguard_citations"`
}

type jsonLink struct {
	Who     string `json:"who"`
	How     string `json:"how"`
	Assumed bool   `json:"assumed"` // rests on a holding that follows from an assumption
	// Citations back the link: those of the holdings it rests on.
	Citations []jsonCitation `json:"citations"`
}

type jsonStep struct {
	Number    int            `json:"number"`
	ID        string         `json:"id"`
	Chapter   string         `json:"chapter"`
	Title     string         `json:"title"`
	Message   *jsonMessage   `json:"message"`
	Transfers []jsonTransfer `json:"transfers"`
	Narrative string         `json:"narrative"` // Markdown with [n] citation markers
	Parties   []jsonParty    `json:"parties"`
	Risks     []jsonRisk     `json:"risks"`
	Links     []jsonLink     `json:"links"`
	// AssumptionNote: what the platform pane shows of the open question; after the first login only.
	AssumptionNote string         `json:"assumption_note,omitempty"`
	Disputes       []string       `json:"disputes"` // disagreement ids
	Citations      []jsonCitation `json:"citations"`
	// Notes are the presenter's notes, written with --with-notes only.
	Notes []jsonNote `json:"notes,omitempty"`
}

type jsonNote struct {
	Kind      string         `json:"kind"`
	Label     string         `json:"label"`
	Text      string         `json:"text"` // with the [n] numbers of the quotes it cites
	Citations []jsonCitation `json:"citations"`
}

type jsonSide struct {
	Label    string       `json:"label"`
	Citation jsonCitation `json:"citation"`
}

type jsonDisagreement struct {
	ID                  string         `json:"id"`
	Title               string         `json:"title"`
	Sides               []jsonSide     `json:"sides"`
	Resolution          string         `json:"resolution"`
	ResolutionCitations []jsonCitation `json:"resolution_citations"`
	Steps               []string       `json:"steps"`
}

type jsonTerm struct {
	Term        string         `json:"term"`
	Chinese     string         `json:"chinese,omitempty"`
	Pinyin      string         `json:"pinyin,omitempty"`
	Explanation string         `json:"explanation"`
	Citations   []jsonCitation `json:"citations"`
}

type jsonDated struct {
	Date      string         `json:"date"`
	Event     string         `json:"event"`
	Step      string         `json:"step,omitempty"`
	Citations []jsonCitation `json:"citations"`
}

func toCitation(c lesson.Cited) jsonCitation {
	j := jsonCitation{Number: c.N, Source: c.Source.ID, QuoteID: c.Quote.ID, Quote: c.Quote.Text}
	if c.Quote.Translation != "" {
		j.Translation, j.TranslationNote = c.Quote.Translation, content.TranslationLabel
	}
	return j
}

// pageCitations resolves a page's citation numbers.
func pageCitations(p lesson.Page, marks []int) []jsonCitation {
	out := make([]jsonCitation, 0, len(marks))
	for _, m := range marks {
		if c, ok := p.Cite(m); ok {
			out = append(out, toCitation(c))
		}
	}
	return out
}

func quoteCitations(num *lesson.Numbering, ids []string) []jsonCitation {
	out := make([]jsonCitation, 0, len(ids))
	for _, id := range ids {
		out = append(out, toCitation(num.Cite(id)))
	}
	return out
}

func jsonParties(p lesson.Page, pane string, groups []lesson.Group) []jsonParty {
	var out []jsonParty
	for _, g := range groups {
		jp := jsonParty{Party: string(g.Party), Label: g.Title, Pane: pane, Items: []jsonItem{}}
		holds := p.Snapshot.Holds[g.Party]
		for j, e := range g.Entries {
			// lesson.Build makes one entry per holding, in the snapshot's order.
			about := ""
			if j < len(holds) && holds[j].Item == e.Item {
				about = string(holds[j].About)
			}
			jp.Items = append(jp.Items, jsonItem{Item: string(e.Item), Label: e.Label, About: about, New: e.New,
				Sourced: !e.Illustrative(), Illustrative: e.Illustrative(), Assumed: e.Assumed,
				IllustrativeValue: e.Value, Citations: pageCitations(p, e.Marks)})
		}
		out = append(out, jp)
	}
	return out
}

func buildJSON(w *content.Walkthrough, pages []lesson.Page, opts Options) jsonHandout {
	h := jsonHandout{Version: jsonVersion, Title: words.HandoutTitle, Assumption: opts.Assumptions.Identifier.String(),
		AssumptionSourced: opts.Assumptions.Identifier.Sourced(),
		Sources:           []jsonSource{}, Steps: []jsonStep{}, Disagreements: []jsonDisagreement{}, Glossary: []jsonTerm{},
		Timeline: []jsonDated{}, Scenarios: jsonScenarios(w), Citations: []jsonCitation{}}
	num := lesson.Number(w)
	for k := 1; k <= num.Len(); k++ {
		c, _ := num.Citation(k)
		h.Citations = append(h.Citations, toCitation(lesson.Cited{N: k, Citation: c}))
	}
	for i, s := range w.Sources {
		h.Sources = append(h.Sources, jsonSource{Number: i + 1, ID: s.ID, Tier: string(s.Tier), Outlet: s.Outlet,
			Headline: s.Headline, Date: s.Date, DateNote: s.DateNote, URL: s.URL, Upstream: s.Upstream,
			Confidence: s.Confidence, ReadOn: s.ReadOn, Original: s.Original})
	}
	for _, p := range pages {
		st := jsonStep{Number: p.Index + 1, ID: p.Step.ID, Chapter: p.Step.Chapter, Title: p.Step.Title,
			Narrative: p.Narrative, Transfers: []jsonTransfer{}, Risks: []jsonRisk{}, Links: []jsonLink{},
			AssumptionNote: p.IdentifierNote,
			Disputes:       []string{}, Citations: []jsonCitation{}}
		if m := p.Step.Message; m.From != "" || m.To != "" || m.Label != "" {
			st.Message = &jsonMessage{From: m.From, To: m.To, Label: m.Label}
		}
		for _, t := range p.Snapshot.Transfers {
			held, _ := p.Snapshot.Holding(t.To, t.Item, "")
			st.Transfers = append(st.Transfers, jsonTransfer{From: string(t.From), To: string(t.To),
				Item: string(t.Item), Label: flow.ItemLabel(t.Item), Assumed: held.Assumed})
		}
		st.Parties = append(jsonParties(p, "platform", p.Platform), jsonParties(p, "centre", p.Centre)...)
		for _, r := range p.Risks {
			st.Risks = append(st.Risks, jsonRisk{Concern: r.Concern, ConcernCitations: pageCitations(p, r.ConcernMarks),
				Safeguard: r.Safeguard, SafeguardCitations: pageCitations(p, r.SafeguardMarks)})
		}
		for _, l := range p.Links {
			st.Links = append(st.Links, jsonLink{Who: l.Who, How: l.How, Assumed: l.Assumed,
				Citations: pageCitations(p, l.Marks)})
		}
		for _, d := range p.Disputes {
			st.Disputes = append(st.Disputes, d.ID)
		}
		for _, n := range p.Step.Notes {
			if opts.WithNotes {
				st.Notes = append(st.Notes, jsonNote{Kind: n.Kind, Label: words.NoteLabel(n.Kind), Text: num.NoteText(n),
					Citations: quoteCitations(num, n.Cite)})
			}
		}
		for _, c := range p.Citations {
			st.Citations = append(st.Citations, toCitation(c))
		}
		h.Steps = append(h.Steps, st)
	}
	for _, d := range w.Disagreements {
		jd := jsonDisagreement{ID: d.ID, Title: d.Title, Resolution: d.Resolution,
			ResolutionCitations: quoteCitations(num, d.ResolutionCite), Steps: append([]string{}, d.Steps...)}
		for _, s := range d.Sides {
			jd.Sides = append(jd.Sides, jsonSide{Label: s.Label, Citation: toCitation(num.Cite(s.Quote))})
		}
		h.Disagreements = append(h.Disagreements, jd)
	}
	for _, t := range w.Glossary {
		h.Glossary = append(h.Glossary, jsonTerm{Term: t.Term, Chinese: t.Chinese, Pinyin: t.Pinyin,
			Explanation: t.Explanation, Citations: quoteCitations(num, t.Cite)})
	}
	for _, d := range w.Timeline {
		h.Timeline = append(h.Timeline, jsonDated{Date: d.Date, Event: d.Event, Step: d.Step,
			Citations: quoteCitations(num, d.Cite)})
	}
	return h
}

func writeJSON(out io.Writer, w *content.Walkthrough, pages []lesson.Page, opts Options) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(buildJSON(w, pages, opts))
}
