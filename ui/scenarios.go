package ui

import (
	"slices"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// scenariosList offers the "what if" scenarios, those about the current step first.
func (m *Model) scenariosList() listScreen {
	l := listScreen{title: words.WhatIf}
	l.intro = m.para("Change one assumption and see what follows from the model and the sources. "+
		"Enter opens a scenario.", render(m.st.Dim), "")
	here := m.pages[m.step].Step.ID
	var first, rest []lesson.ScenarioPage
	for _, sp := range m.scenarios() {
		if slices.Contains(sp.Scenario.Steps, here) {
			first = append(first, sp)
		} else {
			rest = append(rest, sp)
		}
	}
	add := func(head string, list []lesson.ScenarioPage) {
		if len(list) == 0 {
			return
		}
		l.items = append(l.items, listItem{head: true, step: -1, text: m.para(head, render(m.st.Chapter), "")})
		for _, sp := range list {
			sp := sp
			l.items = append(l.items, listItem{step: -1, text: join(
				m.para(sp.Scenario.Title, render(m.st.Bold), "  "),
				m.para(stripMarks(sp.Intro.Text), render(m.st.Dim), "  "),
			), open: func(m *Model) {
				m.list, m.detail = m.scenarioDetail(sp), "scenario:"+sp.Scenario.ID
				m.list.fit(m.bodyWidth(), m.bodyHeight())
			}})
		}
	}
	add("About this step", first)
	add("All scenarios", rest)
	return l
}

// stripMarks drops [n] markers from a one-line summary.
func stripMarks(s string) string { return tagPattern.ReplaceAllString(s, "") }

// scenarios are built on first use: most sessions never open them, and start-up must not wait.
func (m *Model) scenarios() []lesson.ScenarioPage {
	if m.scenarioPages == nil {
		m.scenarioPages = lesson.BuildScenarios(m.w)
	}
	return m.scenarioPages
}

func (m *Model) scenarioDetail(sp lesson.ScenarioPage) listScreen {
	l := listScreen{title: words.WhatIf + " · " + sp.Scenario.Title}
	l.intro = func(w int) []string { return m.wrapTagged(sp.Intro.Display(), w, "", m.st.Item) }
	block := func(head string, lines []lesson.Line, style func(string) string) {
		if len(lines) == 0 {
			return
		}
		l.items = append(l.items, listItem{step: -1, text: func(w int) []string {
			out := wrap(head, w, "", style)
			for _, ln := range lines {
				out = append(out, m.wrapTagged("• "+ln.Display(), w, "  ", m.st.Item)...)
			}
			return out
		}})
	}
	for _, sec := range sp.Blocks() {
		style := render(m.st.Bold)
		if sec.Title == "Other side" {
			style = render(m.st.Safeguard)
		}
		block(sec.Title, sec.Lines, style)
	}
	if sp.Scenario.Kind == "identifier" {
		for _, mode := range flow.IdentifierModes {
			mode := mode
			label := "Apply to the walkthrough: platforms see " + mode.String()
			if mode == (flow.Assumptions{}).Identifier {
				label += " (the default)"
			}
			if mode == m.assumptions.Identifier {
				label += " (now shown)"
			}
			l.items = append(l.items, listItem{step: -1, text: m.para("▶ "+label, render(m.st.Selected), "  "),
				open: func(m *Model) { m.setAssumptions(flow.Assumptions{Identifier: mode}) }})
		}
	}
	l.items = append(l.items, listItem{step: -1, text: func(w int) []string {
		out := wrap(words.Citations, w, "", render(m.st.Chapter))
		for _, c := range sp.Citations {
			out = append(out, m.citeLines(c, tierLabel(c.Source.Tier, c.Source.Confidence))(w)...)
		}
		return out
	}})
	return l
}

// setAssumptions replays the walkthrough under other assumptions and goes back to it, so the learner
// watches the panes change.
func (m *Model) setAssumptions(a flow.Assumptions) {
	m.assumptions = a
	m.pages = lesson.Build(m.w, a)
	m.laidOut = layoutKey{}
	m.screen = screenWalk
	m.status = ""
	if a != (flow.Assumptions{}) {
		m.status = "what if: platforms see " + a.Identifier.String()
	}
	m.layout()
}
