package ui

// The presentation layout is for a projector (100×30 and up): each step in two stages, first the
// diagram and the narrative on the whole screen, then, on the next key, the panes on the whole
// screen, so that a room can read each in full without scrolling. v switches it on and off.

// next moves on: to the panes of this step in the presentation layout, else to the next step, and
// after the last step to the ending.
func (m *Model) next() {
	switch {
	case m.present && !m.presentPanes:
		m.setFocus(m.lastTab + 1)
	case m.step == len(m.pages)-1:
		m.openEnding()
	default:
		m.gotoStep(m.step + 1)
		m.setFocus(focusNarrative)
	}
}

// prev moves back: from the panes to the narrative in the presentation layout, else to the previous
// step (to its panes, the last thing shown of it).
func (m *Model) prev() {
	switch {
	case m.present && m.presentPanes:
		m.setFocus(focusNarrative)
	case m.step > 0:
		m.gotoStep(m.step - 1)
		if m.present {
			m.setFocus(m.lastTab + 1)
		}
	}
}

func (m *Model) togglePresent() {
	m.present = !m.present
	m.presentPanes = false
	m.focus = focusNarrative
	m.layout()
}

// showsNarrative and showsPanes say what the walkthrough's body holds now.
func (m *Model) showsNarrative() bool { return !m.present || !m.presentPanes }
func (m *Model) showsPanes() bool     { return !m.present || m.presentPanes }
