package ui

import tea "charm.land/bubbletea/v2"

// Following a presenter is the SSH server's business (package serve): the model only offers the f key
// when Options.OnFollow is set, and reports each press. The server answers with a StatusMsg ("following
// the presenter" or "exploring: f to follow again") and, when following again, a GotoMsg to the
// presenter's step.

// follow handles the f key.
func (m *Model) follow() tea.Cmd {
	if m.opts.OnFollow == nil {
		return nil
	}
	return m.opts.OnFollow()
}
