//go:build !unix

package screen

import (
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
)

// watchResize sends the program a tea.WindowSizeMsg each time the terminal out changes size, until
// stop is called. Without SIGWINCH it looks at the size four times a second.
func watchResize(out *os.File, env []string, p *tea.Program) (stop func()) {
	done := make(chan struct{})
	go func() {
		w0, h0, _ := terminalSize(out, env)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if w, h, err := terminalSize(out, env); err == nil && (w != w0 || h != h0) {
					w0, h0 = w, h
					p.Send(tea.WindowSizeMsg{Width: w, Height: h})
				}
			}
		}
	}()
	return func() { close(done) }
}
