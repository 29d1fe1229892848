/** The campaign page's style sheet: light, compact, system fonts; tables keep their header in view. */
import { kindCss } from './palette.js';

export const campaignCss = `
:root { --fg: #1d232a; --muted: #5b6570; --line: #d9dee3; --soft: #f4f6f8; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 0 20px 40px; }
header.top { background: var(--soft); border-bottom: 1px solid var(--line); }
header.top .inner { max-width: 1320px; margin: 0 auto; padding: 14px 20px 10px; }
h1 { font-size: 19px; margin: 0 0 2px; font-weight: 600; }
h2 { font-size: 16px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); font-weight: 600; }
h3 { font-size: 13px; margin: 0 0 4px; font-weight: 600; }
h4 { font-size: 12px; margin: 10px 0 4px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .time, .num { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0; }
nav { margin-top: 6px; display: flex; gap: 16px; }
.totals { display: flex; flex-wrap: wrap; gap: 8px 22px; margin: 10px 0 4px; }
.totals div { display: flex; flex-direction: column; }
.totals b { font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
.totals span { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
table { border-collapse: collapse; }
th, td { padding: 3px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
thead th { position: sticky; top: 0; z-index: 1; background: var(--soft); font-weight: 600; white-space: nowrap; border-bottom: 1px solid #b9c1c9; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
th.num { font-family: inherit; font-size: inherit; }
.empty { color: var(--muted); font-style: italic; }
.campaigns { margin-top: 8px; }
.campaigns td, .campaigns th { padding: 2px 10px 2px 0; border: 0; background: none; position: static; }
.unfinished { color: #8a4b00; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 14px 20px; }
figure.plot { margin: 0; padding: 8px 10px 6px; border: 1px solid var(--line); border-radius: 6px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 10px; }
svg.chart .grid { stroke: #edf0f2; }
svg.chart .axis { stroke: #9aa4ad; }
svg.chart .tick { fill: var(--muted); stroke: none; }
svg.chart .series polyline { stroke-width: 1.6; stroke-linejoin: round; }
svg.chart .series circle { stroke: none; }
svg.chart .mark line { stroke-width: 1; stroke-dasharray: 3 3; }
svg.chart .mark-start line, svg.chart .mark-start path { stroke: #117733; fill: #117733; }
svg.chart .mark-resume line, svg.chart .mark-resume path { stroke: #117733; fill: #fff; }
svg.chart .mark-stop line, svg.chart .mark-stop path { stroke: #666; fill: #666; stroke-dasharray: 1 3; }
svg.chart .cursor { stroke: #333; stroke-width: .7; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 2px 0 0; padding: 0; color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; border: 1px solid rgba(0,0,0,.15); }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px; background: #7f7f7f; }
${kindCss}
.marks-legend { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
.tip { position: absolute; z-index: 5; pointer-events: none; background: rgba(29,35,42,.92); color: #fff; padding: 5px 8px; border-radius: 4px; font-size: 12px; line-height: 1.35; white-space: nowrap; }
.scroll { overflow-x: auto; }
table.heat { table-layout: fixed; }
table.heat th[scope="row"] { white-space: nowrap; background: none; position: static; }
table.heat td.cell { width: 104px; height: 46px; padding: 0; text-align: center; vertical-align: middle; border: 2px solid #fff; font-variant-numeric: tabular-nums; }
table.heat td.cell > a, table.heat td.cell > b { color: inherit; }
td.cell a { display: block; padding: 4px 2px; color: inherit; }
td.cell b { display: block; font-size: 14px; font-weight: 600; }
td.cell small { display: block; font-size: 10px; opacity: .8; }
td.cell .kindbar { display: flex; height: 4px; margin: 3px 8px 0; background: #fff; }
td.cell .kindbar i { display: block; height: 4px; }
td.none { color: #aab; background: #fafafa; }
td.refused { color: var(--muted); background: repeating-linear-gradient(135deg, #f3f3f3 0 6px, #e6e6e6 6px 8px); font-size: 11px; }
td.selected { outline: 3px solid #d55e00; outline-offset: -3px; }
.heat-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin-top: 8px; color: var(--muted); font-size: 12px; }
.heat-legend .sep { margin-left: 14px; }
td.cell.dark, td.cell.dark a { color: #fff; }
form.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin-bottom: 8px; padding: 8px 10px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
form.filters label { color: var(--muted); }
form.filters select, form.filters input { font: inherit; padding: 2px 4px; }
form.filters output { margin-left: auto; font-weight: 600; }
.table-wrap { max-height: 75vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table.groups { width: 100%; }
table.groups td.key { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; min-width: 280px; }
table.groups td.members { min-width: 170px; }
table.groups td.members details { display: inline; }
table.groups td.members summary { display: inline; cursor: pointer; color: var(--muted); }
table.groups td.members details[open] summary { display: block; }
table.groups td.members a { white-space: nowrap; }
table.groups td:first-child, table.groups .time { white-space: nowrap; }
table.groups td.members a.best { font-weight: 700; }
table.groups tbody tr:hover { background: #f7fafc; }
tr:target { background: #fff4d6; }
section.finding { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 0 0 12px; content-visibility: auto; contain-intrinsic-size: auto 360px; }
section.finding:target { border-color: #d55e00; box-shadow: 0 0 0 2px #f3c7a7; }
section.finding .sig { font-weight: 400; overflow-wrap: anywhere; }
section.finding .title { margin: 0 0 6px; }
section.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 0; }
section.finding dt { color: var(--muted); }
section.finding dd { margin: 0; }
table.outcomes td, table.outcomes th { padding: 2px 10px 2px 0; }
table.outcomes thead th { position: static; background: none; }
table.outcomes tr.own td { font-weight: 600; }
pre.notes { background: #fffbea; border: 1px solid #f0e2a8; padding: 6px 8px; border-radius: 4px; }
pre.cmd { background: var(--soft); padding: 6px 8px; border-radius: 4px; margin-top: 8px; }
.status { font-size: 11px; font-weight: 600; padding: 1px 6px; border-radius: 8px; border: 1px solid var(--line); vertical-align: 1px; }
.status-new { background: #e8f1fb; }
.status-confirmed { background: #fde8e1; }
.status-fixed { background: #e3f4ea; }
.status-wontfix { background: #eee; }
`;
