package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
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
	s.TabActive = lipgloss.NewStyle().Foreground(accent).Bold(true).Underline(true)
	s.Group = lipgloss.NewStyle().Foreground(fg).Underline(true)
	s.Item = lipgloss.NewStyle().Foreground(fg)
	s.ItemNew = lipgloss.NewStyle().Foreground(good).Bold(true)
	s.Value = lipgloss.NewStyle().Foreground(subtle).Faint(!hc)
	s.Illustrative = lipgloss.NewStyle().Foreground(subtle).Faint(!hc).Italic(true)
	s.Mark = lipgloss.NewStyle().Foreground(mark)
	s.Concern = lipgloss.NewStyle().Foreground(warn)
	s.Safeguard = lipgloss.NewStyle().Foreground(good)
	s.Dispute = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.Party = lipgloss.NewStyle().Foreground(subtle)
	s.PartyActive = lipgloss.NewStyle().Foreground(accent).Bold(true).Reverse(true)
	s.Arrow = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Dim = lipgloss.NewStyle().Foreground(subtle)
	s.Selected = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Error = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Help = help.DefaultStyles(dark)
	if hc {
		s.Help.ShortKey = s.Help.ShortKey.Foreground(fg).Bold(true)
		s.Help.ShortDesc = s.Help.ShortDesc.Foreground(fg)
		s.Help.FullKey = s.Help.FullKey.Foreground(fg).Bold(true)
		s.Help.FullDesc = s.Help.FullDesc.Foreground(fg)
	}
	return s
}
