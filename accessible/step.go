package accessible

import (
	"fmt"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// Section labels, said before each part of a step.
const (
	LabelPlatform = words.PanePlatform + ":"
	LabelCentre   = words.PaneCentre + ":"
	LabelRisks    = words.PaneRisks + ":"
	LabelLinks    = words.LinksTitle + ":"
)

// Words said before an item that qualify it: they stand in for the full-screen app's colours and
// marks, so that nothing is told by colour alone.
const (
	TagNew          = "new: "
	TagIllustrative = "illustrative: "
	TagAssumed      = "assumed: "
)

// showStep says the current step in labelled sections, and marks it visited.
func (s *session) showStep() {
	p := s.pages[s.step]
	s.sayf("Step %d of %d, %s: %s", p.Index+1, p.Total, p.Step.Chapter, p.Step.Title)
	if m := p.Step.Message; m.From != "" {
		s.say(sentence(fmt.Sprintf("Message from %s to %s: %s", partyName(m.From), partyName(m.To), m.Label)))
	}
	if s.assumed != (flow.Assumptions{}) {
		s.sayf("What if: platforms are assumed to see %s.", s.assumed.Identifier)
	}
	s.blank()
	s.lines(narrative(p.Narrative, s.width()))

	s.blank()
	s.say(LabelPlatform)
	s.groups(p.Platform)
	if p.IdentifierNote != "" {
		s.say(p.IdentifierNote)
	}
	s.blank()
	s.say(LabelCentre)
	s.groups(p.Centre)

	s.blank()
	s.say(LabelRisks)
	if len(p.Risks) == 0 {
		s.say(words.NoNewRisk)
	}
	for _, r := range p.Risks {
		s.say(withMarks(words.RiskLabel+r.Concern, r.ConcernMarks))
		if r.Safeguard != "" {
			s.say(withMarks(words.OtherSideLabel+r.Safeguard, r.SafeguardMarks))
		}
	}
	for _, d := range p.Disputes {
		s.say(sentence("Sources disagree: "+d.Title) + " Type disagreements to compare what they say.")
	}
	if len(p.Links) > 0 {
		s.blank()
		s.say(LabelLinks)
		for _, l := range p.Links {
			s.say(linkText(l))
		}
	}
	s.blank()
	s.stepFooter(p)
	s.visit()
}

// stepFooter says what else the step offers: its citations, its scenarios, its chapter's questions.
func (s *session) stepFooter(p lesson.Page) {
	if len(p.Citations) > 0 {
		var ns []int
		for _, c := range p.Citations {
			ns = append(ns, c.N)
		}
		nums := SpokenMark(lesson.MarkText(ns))
		nums = strings.TrimPrefix(strings.TrimPrefix(nums, "citations "), "citation ")
		s.sayf("Citations on this step: %s. Type citation and a number to read one, or citations to read them all.", nums)
	}
	for _, sc := range s.w.ScenariosFor(p.Step.ID) {
		if n := s.scenarioNumber(sc.ID); n > 0 {
			s.sayf("What if, about this step: %s. Type what if %d.", sc.Title, n)
		}
	}
	ch := p.Step.Chapter
	if qs := s.w.ChapterQuestions(ch); len(qs) > 0 && s.w.LastStepOf(ch) == p.Index {
		s.sayf("This is the last step of the chapter %s: type quiz for its %s.", ch, plural(len(qs), "question"))
	}
}

// scenarioNumber is the number "what if" lists a scenario under, or 0.
func (s *session) scenarioNumber(id string) int {
	for i, sc := range s.w.Scenarios {
		if sc.ID == id {
			return i + 1
		}
	}
	return 0
}

// sentence ends s with a full stop unless it ends with one already, or with a question mark.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

func partyName(id string) string { return flow.PartyLabel(flow.Party(id)) }

// groups says each party's holdings: the party, then one line per item.
func (s *session) groups(gs []lesson.Group) {
	for _, g := range gs {
		if len(g.Entries) == 0 {
			s.say(g.Title + ": nothing yet.")
			continue
		}
		s.say(g.Title + ":")
		for _, e := range g.Entries {
			s.say(entryText(e))
			if e.Value != "" {
				s.say(TagIllustrative + e.Value)
			}
		}
	}
}

// entryText is one held item with its qualifiers before it and its citations after it.
func entryText(e lesson.Entry) string {
	var tags string
	if e.New {
		tags += TagNew
	}
	if e.Assumed {
		tags += TagAssumed
	}
	if e.Illustrative() {
		tags += TagIllustrative
	}
	return withMarks(tags+e.Label, e.Marks)
}

// linkText is who could link the accounts, labelled when it rests on an assumption.
func linkText(l lesson.Link) string {
	t := withMarks(l.Who+": "+l.How, l.Marks)
	if l.Assumed {
		t = TagAssumed + t
	}
	return t
}

// citeText says one citation: its number, the exact words, our translation (labelled, never in
// quotation marks) and the source.
func (s *session) cite(n int, c content.Citation) {
	s.sayf("Citation %d: “%s”", n, c.Quote.Text)
	if c.Quote.Translation != "" {
		s.say(c.Quote.TranslationText())
	}
	s.sourceLine(c.Source, "From ")
}

// sourceLine says where a quote comes from: outlet, headline, date, address, and what kind of
// source it is.
func (s *session) sourceLine(src content.Source, lead string) {
	s.sayf("%s%s, “%s”, %s.", lead, src.Outlet, src.Headline, strings.TrimSuffix(src.DateText(), "."))
	if src.URL != "" {
		s.say(src.URL)
	}
	if src.Upstream != "" {
		s.say(sentence(src.Upstream))
	}
	if src.IsCopy() {
		s.say(src.CopyText())
	}
	s.say(tierText(src))
}

func tierText(src content.Source) string {
	if src.Tier == content.TierSecond {
		return "A second-tier source (beyond the five news articles), confidence " + src.Confidence + "."
	}
	return "One of the five news articles this walkthrough is built from."
}

// stepCitations says every citation of the current step.
func (s *session) stepCitations() {
	p := s.pages[s.step]
	if len(p.Citations) == 0 {
		s.sayf("Step %d cites nothing.", s.step+1)
		return
	}
	s.sayf("Citations of step %d, %s: %s. Each quote keeps its number on every step and handout.",
		s.step+1, p.Step.Title, plural(len(p.Citations), "citation"))
	for _, c := range p.Citations {
		s.blank()
		s.cite(c.N, c.Citation)
	}
}

// citation says citation n, from anywhere: the numbering is one for the whole walkthrough.
func (s *session) citation(n int) {
	c, ok := s.num.Citation(n)
	if !ok {
		s.sayf("There is no citation %s: citations are numbered 1 to %d.", numberText(n), s.num.Len())
		return
	}
	s.cite(n, c)
	if uses := s.w.Uses(c.Quote.ID); len(uses) > 0 {
		var names []string
		for _, i := range uses {
			names = append(names, fmt.Sprint(i+1))
		}
		if len(names) == 1 {
			s.sayf("Cited on step %s.", names[0])
		} else {
			s.sayf("Cited on steps %s.", andList(names))
		}
	}
}
