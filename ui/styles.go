package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"

	"github.com/cyberid/cyberid/markdown"
)

// Theme picks the palette. Auto follows the terminal's background, which arrives as a message.
type Theme int

const (
	ThemeAuto Theme = iota
	ThemeDark
	ThemeLight
	ThemeHighContrast
)

// ParseTheme reads a --theme value.
func ParseTheme(s string) (Theme, bool) {
	switch s {
	case "", "auto":
		return ThemeAuto, true
	case "dark":
		return ThemeDark, true
	case "light":
		return ThemeLight, true
	case "high-contrast":
		return ThemeHighContrast, true
	}
	return ThemeAuto, false
}

// Styles is every style the screens use, built once per theme and background. No style is a package
// variable: each SSH session can have its own.
type Styles struct {
	dark, highContrast bool
	plain              bool // the terminal shows no styles at all (TERM=dumb): see Model.restyle

	Header, Chapter, Counter   lipgloss.Style
	Title                      lipgloss.Style
	Pane, PaneFocused          lipgloss.Style
	PaneTitle, PaneTitleFocus  lipgloss.Style
	Tab, TabActive             lipgloss.Style
	Group                      lipgloss.Style
	Item, ItemNew              lipgloss.Style
	Value, Illustrative        lipgloss.Style
	Mark                       lipgloss.Style
	Concern, Safeguard         lipgloss.Style
	Dispute                    lipgloss.Style
	Party, PartyActive, Arrow  lipgloss.Style
	Dim, Selected, Error, Bold lipgloss.Style
	Help                       help.Styles
	// Narrative is glamour's style for the narratives, from the same palette (ui/markdown.go).
	Narrative ansi.StyleConfig
}

// palette is a theme's colours, as hex strings.
type palette struct{ accent, fg, subtle, mark, warn, good, border string }

// narrativeStyle is glamour's style for the narratives in a palette: they read like the panes, with
// the same text colour, markers and accent. Citation markers are set as code spans (markdown
// package), so the code style is the marker's: its colour, and in high contrast an underline
// instead of a hue (as Styles.Mark).
func narrativeStyle(p palette, hc bool) ansi.StyleConfig {
	st := markdown.Base()
	st.Text.Color = &p.fg
	st.Strong.Bold = ptr(true)
	st.Emph.Italic = ptr(true)
	st.Code.Color = &p.mark
	if hc {
		st.Code.Underline = ptr(true)
	}
	st.LinkText.Color, st.LinkText.Underline = &p.mark, ptr(true)
	st.Link.Color = &p.mark
	st.Heading.Color, st.Heading.Bold = &p.accent, ptr(true)
	st.Item.Color = &p.accent
	st.Enumeration.Color = &p.accent
	st.BlockQuote.Color = &p.accent
	return st
}

func ptr[T any](v T) *T { return &v }

// NewStyles builds the styles for a theme on a dark or light background.
func NewStyles(theme Theme, dark bool) Styles {
	switch theme {
	case ThemeDark:
		dark = true
	case ThemeLight, ThemeHighContrast:
		dark = theme == ThemeHighContrast && dark
	}
	hc := theme == ThemeHighContrast
	// Colours are kept as hex strings: lipgloss takes them as colours, glamour's style as strings.
	pick := func(light, darkC string) string {
		if dark {
			return darkC
		}
		return light
	}
	p := palette{
		accent: pick("#5A3FC0", "#B4A4FF"),
		fg:     pick("#1A1A1A", "#EEEEEE"),
		subtle: pick("#6B6B6B", "#9A9A9A"),
		mark:   pick("#0B6E99", "#6EC8F0"),
		warn:   pick("#A23B00", "#FFB080"),
		good:   pick("#1E6B33", "#8FD6A0"),
		border: pick("#B8B8B8", "#555555"),
	}
	if hc {
		// Pure black on white or white on black: the largest contrast a projector can show (21:1).
		p.fg = pick("#000000", "#FFFFFF")
		p.accent, p.subtle, p.mark, p.warn, p.good, p.border = p.fg, p.fg, p.fg, p.fg, p.fg, p.fg
	}
	c := lipgloss.Color
	accent, fg, subtle, mark, warn, good, border := c(p.accent), c(p.fg), c(p.subtle), c(p.mark), c(p.warn), c(p.good), c(p.border)

	s := Styles{dark: dark, highContrast: hc}
	s.Header = lipgloss.NewStyle().Foreground(fg)
	s.Chapter = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Counter = lipgloss.NewStyle().Foreground(subtle)
	s.Title = lipgloss.NewStyle().Foreground(fg).Bold(true)
	s.Pane = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border)
	s.PaneFocused = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent)
	if hc {
		s.PaneFocused = lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(fg)
	}
	s.PaneTitle = lipgloss.NewStyle().Foreground(subtle).Bold(true)
	s.PaneTitleFocus = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Tab = lipgloss.NewStyle().Foreground(subtle)
	s.TabActive = lipgloss.NewStyle().Foreground(accent).Bold(true).Underline(true).Reverse(hc)
	s.Group = lipgloss.NewStyle().Foreground(fg).Underline(true)
	s.Item = lipgloss.NewStyle().Foreground(fg)
	s.ItemNew = lipgloss.NewStyle().Foreground(good).Bold(true)
	// Faint greys out further on a dark background but washes out to near-white on a light one.
	s.Value = lipgloss.NewStyle().Foreground(subtle).Faint(dark && !hc)
	s.Illustrative = lipgloss.NewStyle().Foreground(subtle).Faint(dark && !hc).Italic(true)
	// Sourced markers, illustrative labels and new items carry a mark of their own ("[n]",
	// "(illustrative)", "+ "); high contrast adds an attribute instead of a hue, never faintness.
	s.Mark = lipgloss.NewStyle().Foreground(mark).Underline(hc)
	s.Concern = lipgloss.NewStyle().Foreground(warn).Bold(hc)
	s.Safeguard = lipgloss.NewStyle().Foreground(good)
	s.Dispute = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.Party = lipgloss.NewStyle().Foreground(subtle)
	s.PartyActive = lipgloss.NewStyle().Foreground(accent).Bold(true).Reverse(true)
	s.Arrow = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Dim = lipgloss.NewStyle().Foreground(subtle)
	s.Selected = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Error = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Narrative = narrativeStyle(p, hc)
	s.Help = help.DefaultStyles(dark)
	switch {
	case hc:
		s.Help.ShortKey = s.Help.ShortKey.Foreground(fg).Bold(true)
		s.Help.ShortDesc = s.Help.ShortDesc.Foreground(fg)
		s.Help.ShortSeparator = s.Help.ShortSeparator.Foreground(fg)
		s.Help.FullKey = s.Help.FullKey.Foreground(fg).Bold(true)
		s.Help.FullDesc = s.Help.FullDesc.Foreground(fg)
		s.Help.FullSeparator = s.Help.FullSeparator.Foreground(fg)
		s.Help.Ellipsis = s.Help.Ellipsis.Foreground(fg)
	case !dark:
		// bubbles' light help greys (#B2B2B2 on white) are too pale to read at the back of a room.
		s.Help.ShortKey = s.Help.ShortKey.Foreground(lipgloss.Color("#4A4A4A"))
		s.Help.ShortDesc = s.Help.ShortDesc.Foreground(lipgloss.Color("#6B6B6B"))
		s.Help.FullKey = s.Help.FullKey.Foreground(lipgloss.Color("#4A4A4A"))
		s.Help.FullDesc = s.Help.FullDesc.Foreground(lipgloss.Color("#6B6B6B"))
	}
	return s
}
