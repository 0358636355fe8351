package export

// handoutCSS is the HTML handout's only stylesheet: light colours that print well, system fonts only
// (nothing is fetched), and print rules for A4 and Letter alike. The page size is left to the
// printer's paper setting; the margins and the fluid layout fit both (A4 is the narrower, Letter the
// shorter).
const handoutCSS = `:root {
  --ink: #1a1a1a; --muted: #5a5a5a; --rule: #c8c8c8; --shade: #f3f4f6;
  --accent: #1f4e8c; --risk: #8a1c1c; --safe: #1d5e2e; --illus: #6a5400; --new: #e8f0fb;
}
* { box-sizing: border-box; }
html { background: #ffffff; color: var(--ink); }
body {
  margin: 0 auto; max-width: 54rem; padding: 2rem 1.5rem 4rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif;
}
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; color: var(--accent); }
h2 { font-size: 1.5rem; line-height: 1.25; margin: 2.5rem 0 1rem; }
h3 { font-size: 1.25rem; line-height: 1.3; margin: 0 0 .5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .4rem; text-transform: uppercase; letter-spacing: .04em; color: var(--accent); }
h5 { font-size: .95rem; margin: .9rem 0 .3rem; }
a { color: var(--accent); }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em; overflow-wrap: anywhere; }
.lede { font-size: 1.15rem; }
.howto { color: var(--muted); font-size: .9rem; }
.toc-chapters { list-style: none; padding: 0; columns: 2 18rem; column-gap: 2rem; }
.toc-chapters > li { break-inside: avoid; margin-bottom: .6rem; }
.toc-chapter { font-weight: 700; }
.toc ol, .toc ul ul { margin: .2rem 0 0; padding-left: 1.6rem; }
.chapter-title { border-bottom: 3px solid var(--accent); padding-bottom: .3rem; }
.chapter-no { display: block; font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); }
.step { margin: 0 0 3rem; }
.step-head { margin-top: 2rem; }
.kicker { margin: 0; color: var(--muted); font-size: .85rem; text-transform: uppercase; letter-spacing: .05em; }
.diagram { margin: 1rem 0; padding: .6rem; border: 1px solid var(--rule); border-radius: 6px; background: #fcfcfc; }
.diagram svg { display: block; width: 100%; height: auto; font-family: inherit; }
.diagram figcaption { font-size: .85rem; margin-top: .4rem; }
.legend { color: var(--muted); }
.narrative p { margin: .6rem 0; }
.mark { color: var(--accent); font-size: .8em; text-decoration: none; white-space: nowrap; vertical-align: .15em; }
.mark a { color: inherit; text-decoration: none; }
.translation { display: block; font-style: italic; color: var(--muted); }
.copy { display: block; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .6rem; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: var(--shade); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
tr.party th { background: #fafafa; font-weight: 700; }
tr.new td { background: var(--new); }
table.holdings { table-layout: fixed; }
table.holdings thead th:nth-child(1) { width: 38%; }
table.holdings thead th:nth-child(2) { width: 20%; }
td.value { overflow-wrap: anywhere; }
.empty { color: var(--muted); font-style: italic; }
.tag { display: inline-block; font-size: .72em; line-height: 1.3; padding: 0 .35em; border-radius: 3px; border: 1px solid;
  text-transform: uppercase; letter-spacing: .04em; vertical-align: .1em; white-space: nowrap; }
.tag-new { color: var(--accent); border-color: var(--accent); background: #ffffff; }
.tag-illus { color: var(--illus); border-color: var(--illus); border-style: dashed; font-style: italic; }
.tag-assumed { color: #6b3fa0; border-color: #6b3fa0; border-style: dotted; }
.assumed-note { font-size: .85rem; color: var(--muted); }
.links ul { margin: .2rem 0; padding-left: 1.3rem; font-size: .9rem; }
table.risks td.concern { color: var(--risk); width: 50%; }
table.risks td.safeguard { color: var(--safe); }
.dispute { border-left: 4px solid #b7791f; background: #fff8e6; padding: .4rem .7rem; font-size: .9rem; }
.citations ol { font-size: .85rem; padding-left: 1.8rem; }
.citations li, .disagreement li { margin: .2rem 0; }
p.again { margin: .3rem 0 0; font-size: .85rem; color: var(--muted); }
ul.again { list-style: none; padding: 0; margin: 0; font-size: .85rem; color: var(--muted); }
ul.again li { display: inline; }
ul.again li.from:first-child { margin-left: 0; }
ul.again li { margin-right: .25em; }
ul.again li.from { font-weight: 600; margin-left: .6em; }
tr.unchanged td { color: var(--muted); font-size: .92em; }
.quote { font-style: italic; }
.cite-src { color: var(--muted); white-space: nowrap; }
.appendix h3 { margin-top: 1.5rem; }
.question p { margin: .6rem 0 .2rem; }
.question ol { margin: 0; padding-left: 2rem; }
.answers li { margin: .3rem 0; }
.answer-src { color: var(--muted); font-size: .9em; }
.resolution { font-size: .95rem; }
.glossary th[scope=row] { width: 28%; }
.pinyin { color: var(--muted); font-size: .85em; }
td.date { white-space: nowrap; }
.bibliography { padding-left: 0; list-style: none; }
.bibliography li { margin: .5rem 0; padding-left: 3.6em; text-indent: -3.6em; overflow-wrap: anywhere; }
.bib-no { display: inline-block; width: 3.6em; text-indent: 0; font-weight: 700; white-space: nowrap; }
.bibliography .copy { text-indent: 0; }
.tier, .upstream { color: var(--muted); font-size: .9em; }
.colophon { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); }

@page { margin: 12mm 13mm 14mm; }
@page { @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #777777; } }
@media print {
  /* Sizes are in rem: setting the root's scales the whole page to print size. */
  html { font-size: 9pt; }
  html, body { background: #ffffff; }
  body { max-width: none; padding: 0; font-size: 1rem; line-height: 1.32; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cover { break-after: page; }
  /* A chapter starts a page; the appendices follow one another, the first on a page of its own. */
  .chapter, #disagreements { break-before: page; }
  .chapter-title { margin-top: 0; }
  h2 { margin: 1.2rem 0 .6rem; }
  h4 { margin: .7rem 0 .25rem; }
  .step { margin: 0 0 1.2rem; }
  .step-head { margin-top: 1rem; }
  .narrative p { margin: .35rem 0; }
  .diagram { margin: .5rem 0; padding: .3rem; }
  .diagram svg { width: 78%; margin: 0 auto; }
  .diagram figcaption { font-size: 8pt; margin-top: .2rem; }
  h1, h2, h3, h4, h5, .step-head, .kicker { break-after: avoid; }
  .step-head { break-inside: avoid; }
  .question, .answers li { break-inside: avoid; }
  tr, figure, .diagram, .citations li, .disagreement li, .bibliography li, .dispute, .links li { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8pt; margin: .2rem 0 .4rem; }
  th, td { padding: .15rem .35rem; }
  /* Two columns of quotes; each item keeps its number inside its own column. */
  .citations ol { columns: 2; column-gap: 1.6rem; font-size: 7.5pt; margin: .2rem 0; padding-left: 0; }
  .citations ol li { margin-left: 2.4em; }
  p.again, ul.again { font-size: 7.5pt; }
  a { color: inherit; text-decoration: none; }
  .mark { color: var(--accent); }
  a[href^="http://"]::after, a[href^="https://"]::after {
    content: " <" attr(href) ">"; font-size: .85em; color: var(--muted); overflow-wrap: anywhere; word-break: break-all;
  }
  a.bare::after { content: none; }
  .toc-chapters { columns: 2; }
}
`
