//go:build !unix

package screen

import (
	"context"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
)

// Run runs app full-screen on the terminal out until the app quits or ctx ends, and returns the
// app's last model. Away from Unix, Run is bubbletea's own program and renderer at its most frames a
// second: the Windows console's input modes and resizes are left to bubbletea, which knows them.
func Run(ctx context.Context, app tea.Model, in io.Reader, out *os.File) (tea.Model, error) {
	return tea.NewProgram(app, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(120)).Run()
}
