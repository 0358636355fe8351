package content

import (
	"io/fs"
	"slices"
	"strings"
)

func (l *loader) loadScenarios() {
	const file = "scenarios.yaml"
	if _, err := fs.Stat(l.fsys, file); err != nil {
		return // scenarios are optional: a walkthrough without them still teaches
	}
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		Scenarios []Scenario `yaml:"scenarios"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "scenarios", 0)
	seen := map[string]int{}
	for i, s := range doc.Scenarios {
		s.Line = lineAt(lines, i)
		l.checkID(file, s.Line, "scenario", s.ID, seen)
		if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Intro.Text) == "" {
			l.fail(file, s.Line, "scenario %q needs a title and an intro", s.ID)
		}
		if !slices.Contains(ScenarioKinds, s.Kind) {
			l.fail(file, s.Line, "scenario %q: unknown kind %q (known: %s)", s.ID, s.Kind, strings.Join(ScenarioKinds, ", "))
		}
		if len(s.Balance) == 0 {
			l.fail(file, s.Line, "scenario %q needs balance: the stated reason or safeguard on the other side", s.ID)
		}
		for _, group := range [][]Para{{s.Intro}, s.Assumptions, s.Notes, s.Balance} {
			for _, p := range group {
				l.checkCites(file, s.Line, "scenario "+s.ID, p.Cite)
				l.checkCites(file, s.Line, "scenario "+s.ID, Markers(p.Text))
			}
		}
		for _, p := range append(append([]Para{}, s.Notes...), s.Balance...) {
			if len(p.Cite) == 0 && !p.Arithmetic {
				l.fail(file, s.Line, "scenario %q: a note without a cite must be marked arithmetic: true", s.ID)
			}
		}
		l.w.Scenarios = append(l.w.Scenarios, s)
	}
}

// checkScenarioSteps runs once the steps are loaded.
func (l *loader) checkScenarioSteps() {
	for _, s := range l.w.Scenarios {
		for _, id := range s.Steps {
			if _, ok := l.w.stepByID[id]; !ok {
				l.fail("scenarios.yaml", s.Line, "scenario %q: unknown step %q", s.ID, id)
			}
		}
	}
}

// ScenariosFor lists the scenarios offered on a step.
func (w *Walkthrough) ScenariosFor(stepID string) []Scenario {
	var out []Scenario
	for _, s := range w.Scenarios {
		if slices.Contains(s.Steps, stepID) {
			out = append(out, s)
		}
	}
	return out
}
