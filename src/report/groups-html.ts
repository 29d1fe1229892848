/**
 * The bug groups of the campaign page: the table `findings list` prints (bug-groups.ts), one row per group,
 * with filters the page's script applies (kind, strategy, platform, status, free text) and links to each
 * member's section further down the page.
 */
import type { FindingKind, FindingLabel } from '../contract/finding.js';
import { knownOrder } from './bug-groups.js';
import { isoTime } from './findings-table.js';
import { type Html, html, scriptJson } from './html.js';
import { kindDot } from './palette.js';
import { printable } from './printable.js';

/** A member of a group, as its row and filters need it. */
export interface GroupMember {
  readonly id: number;
  readonly signature: string;
  readonly strategy: string;
  readonly platform: string;
  readonly status: string;
}

/** A bug group (fuzz/bug-groups.ts) as the page shows it. */
export interface PageGroup {
  readonly id: string;
  /** `kind/site`; the kind is the failing outcome's. */
  readonly key: string;
  readonly kind: FindingKind;
  readonly label: FindingLabel | null;
  readonly count: number;
  readonly strategies: readonly string[];
  readonly platforms: readonly string[];
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The member with the smallest repro. */
  readonly best: number;
  readonly known: readonly string[];
  /** Most in need of a look first. */
  readonly members: readonly GroupMember[];
}

/** The outcome kind a group key starts with (the site after it may hold slashes). */
export function outcomeKindOf(key: string): string {
  return key.split('/')[0] ?? '';
}

/** What the page's script filters on, per group; free text matched against `text` (lower case). */
export interface GroupFilterData {
  readonly id: string;
  readonly kind: string;
  readonly statuses: readonly string[];
  /** `[strategy, platform]` of each member: a heat-map cell shows the groups with a member in it. */
  readonly cells: readonly (readonly [string, string])[];
  readonly text: string;
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)].sort();

function statusesOf(g: PageGroup): string[] {
  return distinct(g.members.map((m) => m.status));
}

/** `legacy, upstream`, or `5 strategies` (the cell's title lists them) when the list would crowd the row. */
function listCell(values: readonly string[], noun: string): Html {
  if (values.length <= 2) return html`<td>${values.join(', ')}</td>`;
  return html`<td title="${values.join(', ')}">${values.length} ${noun}</td>`;
}

/** `2026-12-07 17:30:05` (UTC). */
const timeText = (ms: number): string => isoTime(ms).slice(0, 19).replace('T', ' ');

function select(name: string, label: string, values: readonly string[]): Html {
  return html`<label>${label} <select name="${name}" data-filter="${name}"><option value="">all</option>${values.map(
    (v) => html`<option value="${v}">${v}</option>`,
  )}</select></label>`;
}

/** Links shown in a group's row before the rest fold away under "+N more". */
const linksShown = 6;

function memberLinks(g: PageGroup): Html {
  const links = g.members.map(
    (m) =>
      html`<a href="#finding-${m.id}"${m.id === g.best ? html` class="best"` : ''} title="${printable(m.signature)}${m.id === g.best ? ' (smallest repro)' : ''}">#${m.id}</a> `,
  );
  if (links.length <= linksShown + 1) return html`${links}`;
  return html`${links.slice(0, linksShown)}<details><summary>+${links.length - linksShown} more</summary>${links.slice(linksShown)}</details>`;
}

function row(g: PageGroup): Html {
  const kind = outcomeKindOf(g.key);
  const known = g.known.length === 0 ? 'new' : [...g.known].sort(knownOrder).join(', ');
  return html`<tr id="group-${g.id}" data-group="${g.id}">
<td><code>${g.id}</code></td>
<td class="key">${kindDot(kind)}${printable(g.key)}</td>
<td>${g.kind}${g.label === null ? '' : html`<br>${g.label}`}</td>
<td class="num">${g.count}</td>
${listCell(g.strategies, 'strategies')}
${listCell(g.platforms, 'platforms')}
<td>${statusesOf(g).join(', ')}</td>
<td>${known}</td>
<td class="time">${timeText(g.firstSeen)}<br>${timeText(g.lastSeen)}</td>
<td class="members">${memberLinks(g)}</td>
</tr>`;
}

export function groupsTable(
  groups: readonly PageGroup[],
  order: { readonly strategies: readonly string[]; readonly platforms: readonly string[] },
): Html {
  if (groups.length === 0) return html`<p class="empty">No findings yet, so no bug groups.</p>`;
  const all = (pick: (g: PageGroup) => readonly string[]): string[] => distinct(groups.flatMap(pick));
  const inOrder = (known: readonly string[], present: readonly string[]): string[] => [
    ...known.filter((v) => present.includes(v)),
    ...present.filter((v) => !known.includes(v)),
  ];
  const filters: GroupFilterData[] = groups.map((g) => ({
    id: g.id,
    kind: outcomeKindOf(g.key),
    statuses: statusesOf(g),
    cells: g.members.map((m) => [m.strategy, m.platform] as const),
    text: [g.id, g.key, ...g.strategies, ...g.platforms, ...g.members.map((m) => `#${m.id} ${m.signature}`)]
      .join(' ')
      .toLowerCase(),
  }));
  return html`<form class="filters" data-filters>
${select(
  'kind',
  'kind',
  all((g) => [outcomeKindOf(g.key)]),
)}
${select(
  'strategy',
  'strategy',
  inOrder(
    order.strategies,
    all((g) => g.strategies),
  ),
)}
${select(
  'platform',
  'platform',
  inOrder(
    order.platforms,
    all((g) => g.platforms),
  ),
)}
${select('status', 'status', all(statusesOf))}
<label>text <input type="search" name="text" data-filter="text" placeholder="id, site, signature, #finding" size="28"></label>
<button type="reset">clear</button>
<output data-shown>${groups.length} of ${groups.length} groups</output>
</form>
<div class="table-wrap"><table class="groups" data-groups>
<thead><tr><th>group</th><th>bug (kind/site)</th><th>finding</th><th class="num">count</th><th>strategies</th><th>platforms</th><th>status</th><th>known</th><th>first, last seen (UTC)</th><th>findings</th></tr></thead>
<tbody>${groups.map(row)}</tbody>
</table></div>
<p class="empty" data-no-match hidden>No group matches these filters.</p>
${scriptJson('group-data', filters)}`;
}
