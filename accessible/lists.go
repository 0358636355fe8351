package accessible

import (
	"fmt"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/progress"
)

// contents says every step by chapter, with what the learner has done.
func (s *session) contents() {
	visited := 0
	for i := range s.pages {
		if s.visited[i] {
			visited++
		}
	}
	chapters := s.w.Chapters()
	s.sayf("Contents: %d steps in %d chapters. You have visited %d of them.", len(s.pages), len(chapters), visited)
	if total, answered, right := progress.Score(s.w.Questions, s.answers); total > 0 {
		s.sayf("You have answered %d of %d questions, %d right.", answered, total, right)
	}
	chapter := ""
	for i, p := range s.pages {
		if p.Step.Chapter != chapter {
			chapter = p.Step.Chapter
			s.blank()
			s.sayf("Chapter %d of %d: %s.", indexOf(chapters, chapter)+1, len(chapters), chapter)
		}
		line := fmt.Sprintf("Step %d: %s", i+1, p.Step.Title)
		var marks []string
		if i == s.step {
			marks = append(marks, "you are here")
		}
		if s.visited[i] {
			marks = append(marks, "visited")
		}
		if len(marks) > 0 {
			line += " (" + strings.Join(marks, ", ") + ")"
		}
		s.say(line)
		if s.w.LastStepOf(chapter) == i {
			s.chapterScoreLine(chapter)
		}
	}
	s.blank()
	s.say("Type a step number to open it.")
}

// chapterScoreLine says how many of a chapter's questions are answered.
func (s *session) chapterScoreLine(chapter string) {
	qs := s.w.ChapterQuestions(chapter)
	if len(qs) == 0 {
		return
	}
	total, answered, right := progress.Score(qs, s.answers)
	switch answered {
	case 0:
		s.sayf("Questions on this chapter: %d, not answered yet.", total)
	case total:
		s.sayf("Questions on this chapter: %d of %d right.", right, total)
	default:
		s.sayf("Questions on this chapter: %d of %d answered, %d right.", answered, total, right)
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// sources says every source, how often it is cited, and the claims that rest on one source.
func (s *session) sources() {
	s.sayf("Sources: %d. Where one article retells another, it says so: agreement between them is not "+
		"independent confirmation.", len(s.w.Sources))
	for i, src := range s.w.Sources {
		s.blank()
		steps := 0
		for _, q := range s.w.Quotes {
			if q.Source == src.ID {
				steps += len(s.w.Uses(q.ID))
			}
		}
		s.sourceLine(src, fmt.Sprintf("Source %d: ", i+1))
		s.sayf("Cited on %s.", plural(steps, "step"))
	}
	if len(s.w.SingleSource) > 0 {
		s.blank()
		s.say("Claims that rest on one source only:")
		for _, c := range s.w.SingleSource {
			cite := s.w.Cite(c.Quote)
			s.say(withMarks(c.Claim, []int{s.num.Of(c.Quote)}))
			s.sayf("“%s”, %s.", cite.Quote.Text, cite.Source.Outlet)
			if c.Note != "" {
				s.say(c.Note)
			}
		}
	}
	s.blank()
	s.say("Type source and a number to hear the quotes used from that source, for example: source 1.")
}

// sourceQuotes says every quote used from source n, with its number and where it is used.
func (s *session) sourceQuotes(n int) {
	if n < 1 || n > len(s.w.Sources) {
		s.sayf("There is no source %s: sources are numbered 1 to %d.", numberText(n), len(s.w.Sources))
		return
	}
	src := s.w.Sources[n-1]
	s.sayf("Quotes from source %d, %s, “%s”:", n, src.Outlet, src.Headline)
	for _, q := range s.w.Quotes {
		if q.Source != src.ID {
			continue
		}
		s.blank()
		s.sayf("Citation %d: “%s”", s.num.Of(q.ID), q.Text)
		if q.Translation != "" {
			s.say(q.TranslationText())
		}
		var names []string
		for _, i := range s.w.Uses(q.ID) {
			names = append(names, fmt.Sprintf("step %d, %s", i+1, s.pages[i].Step.Title))
		}
		if len(names) == 0 {
			s.say("Not used on a step: it is used in a disagreement, the glossary, the timeline, a question or a what if.")
		} else {
			s.say("Used on " + strings.Join(names, "; ") + ".")
		}
	}
}

// tierSuffix names a second-tier source as such beside its outlet.
func tierSuffix(src content.Source) string {
	if src.Tier == content.TierSecond {
		return ", a second-tier source, confidence " + src.Confidence
	}
	return ""
}

// disagreements says each point where the sources disagree: what each side says, and what better
// evidence says.
func (s *session) disagreements() {
	s.sayf("Where the sources disagree: %s.", plural(len(s.w.Disagreements), "point"))
	for i, d := range s.w.Disagreements {
		s.blank()
		s.sayf("Point %d: %s", i+1, d.Title)
		for _, side := range d.Sides {
			c := s.w.Cite(side.Quote)
			s.say(withMarks(fmt.Sprintf("%s: “%s”, %s%s.", side.Label, c.Quote.Text, c.Source.Outlet, tierSuffix(c.Source)),
				[]int{s.num.Of(side.Quote)}))
			if c.Quote.Translation != "" {
				s.say(c.Quote.TranslationText())
			}
		}
		if d.Resolution != "" {
			var outlets []string
			for _, id := range d.ResolutionCite {
				c := s.w.Cite(id)
				outlets = append(outlets, c.Source.Outlet+tierSuffix(c.Source))
			}
			res := "Better evidence: " + d.Resolution
			if len(outlets) > 0 {
				res += " (" + strings.Join(outlets, "; ") + ")"
			}
			s.say(withMarks(res, s.num.Marks(d.ResolutionCite)))
		}
		var steps []string
		for _, id := range d.Steps {
			if i, ok := s.w.StepIndex(id); ok {
				steps = append(steps, fmt.Sprintf("step %d", i+1))
			}
		}
		if len(steps) > 0 {
			s.say("It matters at " + andList(steps) + ".")
		}
	}
}

// glossary says every term with its Chinese, pinyin, explanation and source.
func (s *session) glossary() {
	s.sayf("Glossary: %s.", plural(len(s.w.Glossary), "term"))
	for _, t := range s.w.Glossary {
		s.blank()
		head := t.Term
		if t.Chinese != "" {
			head += ", in Chinese " + t.Chinese
		}
		if t.Pinyin != "" {
			head += ", pinyin " + t.Pinyin
		}
		s.say(head + ":")
		s.say(withMarks(t.Explanation, s.num.Marks(t.Cite)))
		s.say("Source: " + s.outlets(t.Cite) + ".")
	}
}

// outlets names the sources of some quotes.
func (s *session) outlets(ids []string) string {
	var out []string
	for _, id := range ids {
		c := s.w.Cite(id)
		name := c.Source.Outlet + tierSuffix(c.Source)
		if indexOf(out, name) < 0 {
			out = append(out, name)
		}
	}
	return strings.Join(out, "; ")
}

// timeline says each dated event and the step that tells it.
func (s *session) timeline() {
	s.say("Timeline. The articles give no years; the years here come from the sources named on each entry.")
	for _, d := range s.w.Timeline {
		s.blank()
		s.say(withMarks(d.Date+": "+d.Event, s.num.Marks(d.Cite)))
		line := "Source: " + s.outlets(d.Cite) + "."
		if i, ok := s.w.StepIndex(d.Step); ok {
			line += fmt.Sprintf(" Told at step %d.", i+1)
		}
		s.say(line)
	}
}

func (s *session) scenarioPages() []lesson.ScenarioPage {
	if s.scenarios == nil {
		s.scenarios = lesson.BuildScenarios(s.w)
	}
	return s.scenarios
}

// whatIfList says every scenario with its number.
func (s *session) whatIfList() {
	sps := s.scenarioPages()
	s.sayf("What if: %s that change one assumption and work it through the same model and sources.",
		plural(len(sps), "scenario"))
	for i, sp := range sps {
		s.blank()
		s.sayf("What if %d: %s", i+1, sp.Scenario.Title)
		s.say(spoken(sp.Intro.Display()))
	}
	s.blank()
	s.say("Type what if and a number to open one, for example: what if 1.")
}

// whatIf says scenario n in full.
func (s *session) whatIf(n int) {
	sps := s.scenarioPages()
	if n < 1 || n > len(sps) {
		s.sayf("There is no what if %s: they are numbered 1 to %d.", numberText(n), len(sps))
		return
	}
	sp := sps[n-1]
	s.sayf("What if %d: %s", n, sp.Scenario.Title)
	s.say(spoken(sp.Intro.Display()))
	for _, b := range sp.Blocks() {
		s.blank()
		s.say(b.Title + ":")
		for _, l := range b.Lines {
			s.say(lineText(l))
		}
	}
	if sp.Scenario.Kind == "identifier" {
		s.blank()
		s.say("Apply one to the walkthrough, to hear every step under it:")
		for i, mode := range flow.IdentifierModes {
			line := fmt.Sprintf("apply %d: platforms see %s", i+1, mode)
			if mode == (flow.Assumptions{}).Identifier {
				line += " (the default)"
			}
			if mode == s.assumed.Identifier {
				line += " (now in use)"
			}
			s.say(line + ".")
		}
	}
	if len(sp.Citations) > 0 {
		s.blank()
		s.say("Citations of this what if:")
		for _, c := range sp.Citations {
			s.blank()
			s.cite(c.N, c.Citation)
		}
	}
}

// lineText is one statement of a scenario: its qualifiers first, in words, then the statement and its
// citations.
func lineText(l lesson.Line) string {
	var tags string
	switch {
	case l.Arithmetic:
		tags += "our arithmetic: "
	case l.Ours:
		tags += "our assumption: "
	}
	if l.Assumed {
		tags += TagAssumed
	}
	if l.Illustrative {
		tags += TagIllustrative
	}
	return withMarks(tags+spoken(l.Text), l.Marks)
}

// exportHint says how to make a handout: a file is written on the learner's own computer, never by
// a conversation that may be running on a classroom server.
func (s *session) exportHint() {
	s.say("Handouts are made from the command line, with the same content: cyberid export --format txt -o " +
		"cyberid.txt writes the whole walkthrough as plain text, to read in your own editor or braille " +
		"software; --format html, md and json are the other formats, and --with-answers adds the questions " +
		"and their answers.")
}

// help says every command, its one-letter form, and what the labels mean.
func (s *session) help() {
	s.say("Help. Type a command and press enter. One letter is enough for most.")
	s.blank()
	rows := []string{
		"next, or n: the next step.",
		"previous, or p: the step before.",
		fmt.Sprintf("a number from 1 to %d: that step.", len(s.pages)),
		"repeat, or r: this step again.",
		"contents, or t: every step by chapter, with the steps you have visited and your scores.",
		"citations, or c: every citation of this step. citation 17, or c 17: citation 17, from anywhere.",
		"sources, or s: every source. source 2, or s 2: the quotes used from source 2.",
		"disagreements, or d: where the sources disagree.",
		"glossary, or i: the terms, in English and Chinese.",
		"timeline, or y: the dates.",
		"what if, or w: the scenarios. what if 2, or w 2: scenario 2.",
		"quiz, or x: the questions of this step's chapter. quiz again: the same questions afresh.",
		"search WORD, or / WORD: every step, glossary entry and source that mentions the word.",
		"export, or e: how to make a handout.",
	}
	if s.opts.Moves != nil {
		rows = append(rows, "follow, or f: stop or start following the presenter.")
	}
	rows = append(rows, "help, or h: this help.", "quit, or q: leave. The end of input (ctrl-D) also leaves.")
	for _, r := range rows {
		s.say(r)
	}
	s.blank()
	s.say("The labels. Citations are read as (citation 17) or (citations 3 to 5); a quote keeps its number on " +
		"every step and handout. new: marks what is new at a step. illustrative: marks sample values and " +
		"details that are not from the sources. assumed: marks what follows from an assumption, not from " +
		"the sources. our translation, not a quote: marks our English beside a Chinese quote.")
	s.blank()
	if s.opts.Progress.Save != nil {
		s.say("Your progress (the steps you visit and your answers) is kept on this computer between runs; " +
			"cyberid reset deletes it, and cyberid --accessible --no-save keeps nothing.")
	} else {
		s.say("Your progress is not kept after you leave.")
	}
}
