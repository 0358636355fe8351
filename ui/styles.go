package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/cyberid/cyberid/termmd"
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
	Narrative                  termmd.Styles
}

// NewStyles builds the styles for a theme on a dark or light background.
func NewStyles(theme Theme, dark bool) Styles {
	switch theme {
	case ThemeDark:
		dark = true
	case ThemeLight, ThemeHighContrast:
		dark = theme == ThemeHighContrast && dark
	}
	ld := lipgloss.LightDark(dark)
	hc := theme == ThemeHighContrast
	pick := func(light, darkC string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(darkC)) }

	accent := pick("#5A3FC0", "#B4A4FF")
	fg := pick("#1A1A1A", "#EEEEEE")
	if hc {
		// Pure black on white or white on black: the largest contrast a projector can show (21:1).
		fg = pick("#000000", "#FFFFFF")
	}
	subtle := pick("#6B6B6B", "#9A9A9A")
	mark := pick("#0B6E99", "#6EC8F0")
	warn := pick("#A23B00", "#FFB080")
	good := pick("#1E6B33", "#8FD6A0")
	border := pick("#B8B8B8", "#555555")
	if hc {
		accent, subtle, mark, warn, good, border = fg, fg, fg, fg, fg, fg
	}

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
	// The narrative reads like the panes: the same text colour, markers and accent.
	s.Narrative = termmd.Styles{
		Text:    lipgloss.NewStyle().Foreground(fg),
		Strong:  lipgloss.NewStyle().Foreground(fg).Bold(true),
		Emph:    lipgloss.NewStyle().Foreground(fg).Italic(true),
		Code:    lipgloss.NewStyle().Foreground(warn),
		Link:    lipgloss.NewStyle().Foreground(mark).Underline(true),
		Mark:    s.Mark,
		Heading: s.Chapter,
		Bullet:  lipgloss.NewStyle().Foreground(accent),
	}
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
