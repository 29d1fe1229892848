/**
 * The campaign page's scripts, run in the browser (htmlPage inlines their source): each function stands
 * alone, reads only the page, and writes text with textContent, never markup, so stored text cannot become
 * script. Without them the page still shows everything; they add the filters and the value under the cursor.
 */

/** Filters the bug groups table (kind, strategy, platform, status, free text); a heat-map cell sets them. */
export function groupFilters(): void {
  interface GroupFilter {
    readonly id: string;
    readonly kind: string;
    readonly statuses: readonly string[];
    readonly cells: readonly (readonly [string, string])[];
    readonly text: string;
  }
  const form = document.querySelector<HTMLFormElement>('form[data-filters]');
  const source = document.getElementById('group-data');
  if (form === null || source === null) return;
  const groups = JSON.parse(source.textContent ?? '[]') as GroupFilter[];
  const rows = new Map<string, HTMLElement>();
  for (const tr of document.querySelectorAll<HTMLElement>('tr[data-group]')) rows.set(tr.dataset['group'] ?? '', tr);
  const shown = form.querySelector('output[data-shown]');
  const noMatch = document.querySelector<HTMLElement>('[data-no-match]');
  const field = (name: string): HTMLInputElement | HTMLSelectElement | null =>
    form.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-filter="${name}"]`);
  const value = (name: string): string => field(name)?.value ?? '';

  const apply = (): void => {
    const kind = value('kind');
    const strategy = value('strategy');
    const platform = value('platform');
    const status = value('status');
    const words = value('text')
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '');
    let count = 0;
    for (const g of groups) {
      const match =
        (kind === '' || g.kind === kind) &&
        (status === '' || g.statuses.includes(status)) &&
        // One member must be in the strategy and the platform both: that is what a heat-map cell counted.
        g.cells.some(([s, p]) => (strategy === '' || s === strategy) && (platform === '' || p === platform)) &&
        words.every((w) => g.text.includes(w));
      const row = rows.get(g.id);
      if (row !== undefined) row.hidden = !match;
      if (match) count++;
    }
    if (shown !== null) shown.textContent = `${count} of ${groups.length} groups`;
    if (noMatch !== null) noMatch.hidden = count > 0;
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  // A reset changes the fields after its event: filter once they are cleared.
  form.addEventListener('reset', () => setTimeout(apply, 0));

  for (const link of document.querySelectorAll<HTMLAnchorElement>('a.cell-link')) {
    link.addEventListener('click', () => {
      for (const name of ['kind', 'status', 'text']) {
        const f = field(name);
        if (f !== null) f.value = '';
      }
      const s = field('strategy');
      const p = field('platform');
      if (s !== null) s.value = link.dataset['strategy'] ?? '';
      if (p !== null) p.value = link.dataset['platform'] ?? '';
      for (const cell of document.querySelectorAll('td.selected')) cell.classList.remove('selected');
      link.closest('td')?.classList.add('selected');
      apply();
    });
  }
}

/** Hovering a plot shows the time and each series' value there, and a line at that time. */
export function plotHover(): void {
  type Points = readonly (readonly [number, number])[];
  interface Series {
    readonly name: string;
    readonly step: boolean;
    /** One per line drawn: a campaign's sessions are separate lines. */
    readonly segments: readonly Points[];
  }
  const source = document.getElementById('plot-data');
  if (source === null) return;
  const data = JSON.parse(source.textContent ?? '{}') as Record<string, Series[]>;
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.hidden = true;
  document.body.append(tip);

  /** The index of the last point at or before `t`, or -1. */
  const before = (points: Points, t: number): number => {
    let lo = 0;
    let hi = points.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((points[mid]?.[0] ?? 0) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const numberText = (v: number): string => (Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(1));

  for (const svg of document.querySelectorAll<SVGSVGElement>('svg[data-plot]')) {
    const series = data[svg.dataset['plot'] ?? ''] ?? [];
    const t0 = Number(svg.dataset['t0']);
    const t1 = Number(svg.dataset['t1']);
    const x0 = Number(svg.dataset['x0']);
    const x1 = Number(svg.dataset['x1']);
    const cursor = svg.querySelector('line.cursor');
    const hide = (): void => {
      tip.hidden = true;
      cursor?.setAttribute('visibility', 'hidden');
    };
    svg.addEventListener('mouseleave', hide);
    svg.addEventListener('mousemove', (e) => {
      const box = svg.getBoundingClientRect();
      const vx = ((e.clientX - box.left) / box.width) * svg.viewBox.baseVal.width;
      if (vx < x0 || vx > x1) return hide();
      const t = t0 + ((vx - x0) / (x1 - x0)) * (t1 - t0);
      // A sampled line says nothing between sessions: only its own stretch, and a little either side, counts.
      const near = (t1 - t0) / 40;
      const lines = [`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`];
      for (const s of series) {
        if (s.step) {
          const points = s.segments[0] ?? [];
          lines.push(`${s.name}: ${numberText(points[before(points, t)]?.[1] ?? 0)}`);
          continue;
        }
        for (const points of s.segments) {
          const first = points[0]?.[0] ?? 0;
          const last = points.at(-1)?.[0] ?? 0;
          if (t < first - near || t > last + near) continue;
          const i = before(points, t);
          const candidates = [points[i], points[i + 1]].filter((p) => p !== undefined);
          const best = candidates.sort((a, b) => Math.abs(a[0] - t) - Math.abs(b[0] - t))[0];
          if (best !== undefined) lines.push(`${s.name}: ${numberText(best[1])}`);
        }
      }
      tip.replaceChildren(
        ...lines.map((text) => {
          const line = document.createElement('div');
          line.textContent = text;
          return line;
        }),
      );
      tip.hidden = false;
      tip.style.left = `${Math.min(e.pageX + 14, document.documentElement.scrollWidth - 240)}px`;
      tip.style.top = `${e.pageY + 14}px`;
      cursor?.setAttribute('x1', String(vx));
      cursor?.setAttribute('x2', String(vx));
      cursor?.setAttribute('visibility', 'visible');
    });
  }
}
