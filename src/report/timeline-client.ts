/**
 * The timeline page's browser code (inlined by report/html.ts, so it is one self-contained function with
 * everything nested). It draws only what is in view, at most about one shape per pixel column per lane and
 * layer, so a run of 100k events pans and zooms as smoothly as one of a hundred. Text from the data is only
 * ever set with textContent.
 */
import type { TimelineRun } from './timeline-data.js';

/** What the page embeds as `#timeline-data`. */
export interface TimelineData {
  readonly strings: readonly string[];
  readonly laneStates: readonly string[];
  readonly laneEventKinds: readonly string[];
  readonly ipiStatuses: readonly string[];
  readonly versions: readonly {
    readonly name: string;
    /** Flattened [start, end] stretches drawn shortened to `gapWidth` axis steps. */
    readonly gaps: readonly number[];
    readonly gapWidth: number;
    /** The finding's strategy: "first anomaly" goes to its run. */
    readonly focus: string;
    readonly runs: readonly TimelineRun[];
  }[];
}

export function timelineClient(): void {
  const SVG = 'http://www.w3.org/2000/svg';
  const GUTTER = 150;
  const RUN_HEAD = 24;
  const LANE = 30;
  const MEMORY = 76;
  const AXIS = 22;
  const dataElement = document.getElementById('timeline-data');
  if (dataElement === null) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as TimelineData;
  const tooltip = document.getElementById('tooltip');
  const timings: number[] = [];
  const api: Record<string, unknown> = { renders: timings, views: {} };
  (window as unknown as { kexfuzzTimeline: unknown }).kexfuzzTimeline = api;

  function el(tag: string, attrs: Record<string, string | number>, parent: Element): SVGElement {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    parent.append(e);
    return e;
  }

  function text(x: number, y: number, value: string, cls: string, parent: Element): SVGElement {
    const t = el('text', { x, y, class: cls }, parent);
    t.textContent = value;
    return t;
  }

  function hue(s: string): number {
    let h = 7;
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 360;
    return h;
  }

  /** First index i (a multiple of stride) whose value at field is ≥ at, in a flat array sorted on it. */
  function lowerBound(flat: readonly number[], stride: number, field: number, at: number): number {
    let lo = 0;
    let hi = flat.length / stride;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((flat[mid * stride + field] ?? 0) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo * stride;
  }

  for (const version of data.versions) {
    const root = document.getElementById(`timeline-${version.name}`);
    if (root === null) continue;
    const svg = root.querySelector('svg');
    const readout = root.querySelector('.readout');
    if (svg === null) continue;
    const gaps = version.gaps;
    const end = Math.max(1, ...version.runs.map((r) => r.end));

    // The axis: steps with idle stretches shortened to gapWidth.
    function toAxis(step: number): number {
      let removed = 0;
      for (let i = 0; i < gaps.length; i += 2) {
        const a = gaps[i] ?? 0;
        const b = gaps[i + 1] ?? 0;
        if (step <= a) break;
        if (step < b) return a - removed + ((step - a) / (b - a)) * version.gapWidth;
        removed += b - a - version.gapWidth;
      }
      return step - removed;
    }
    function fromAxis(axis: number): number {
      let removed = 0;
      for (let i = 0; i < gaps.length; i += 2) {
        const a = gaps[i] ?? 0;
        const b = gaps[i + 1] ?? 0;
        const aAxis = a - removed;
        if (axis <= aAxis) break;
        if (axis < aAxis + version.gapWidth) return a + ((axis - aAxis) / version.gapWidth) * (b - a);
        removed += b - a - version.gapWidth;
      }
      return axis + removed;
    }

    const full: [number, number] = [0, toAxis(end) * 1.01];
    const view: [number, number] = [full[0], full[1]];
    let height = AXIS;
    const tops: number[] = [];
    for (const run of version.runs) {
      tops.push(height);
      height += RUN_HEAD + run.cpus * LANE + (run.cpus > 0 ? MEMORY : 0);
    }
    svg.setAttribute('height', String(height));

    function render(): void {
      const started = performance.now();
      const host = svg as SVGSVGElement;
      const width = Math.max(400, host.clientWidth || root?.clientWidth || 1200);
      const plotW = width - GUTTER - 10;
      const scale = plotW / (view[1] - view[0]);
      const x = (step: number): number => GUTTER + (toAxis(step) - view[0]) * scale;
      const first = fromAxis(view[0]);
      const last = fromAxis(view[1]);
      host.replaceChildren();
      host.setAttribute('viewBox', `0 0 ${width} ${height}`);
      const defs = el('defs', {}, host);
      const clip = el('clipPath', { id: `clip-${version.name}` }, defs);
      el('rect', { x: GUTTER, y: 0, width: plotW, height }, clip);
      for (const status of data.ipiStatuses) {
        const marker = el(
          'marker',
          {
            id: `arrow-${version.name}-${status}`,
            viewBox: '0 0 10 10',
            refX: 9,
            refY: 5,
            markerWidth: 7,
            markerHeight: 7,
            orient: 'auto-start-reverse',
          },
          defs,
        );
        el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrowhead ipi-${status}` }, marker);
      }

      // time axis: round step numbers about every 110 px, within each stretch the axis draws to scale
      const axis = el('g', { class: 'axis' }, host);
      const perPixel = (view[1] - view[0]) / plotW;
      const rough = Math.max(1, perPixel * 110);
      const magnitude = 10 ** Math.floor(Math.log10(rough));
      const tick = [1, 2, 5, 10].map((f) => f * magnitude).find((t) => t >= rough) ?? magnitude * 10;
      const stretches: number[] = [0];
      for (const g of gaps) stretches.push(g);
      stretches.push(end * 2);
      for (let i = 0; i < stretches.length; i += 2) {
        const a = Math.max(first, stretches[i] ?? 0);
        const b = Math.min(last, stretches[i + 1] ?? 0);
        for (let s = Math.ceil(a / tick) * tick; s <= b; s += tick) {
          const xs = x(s);
          el('line', { x1: xs, x2: xs, y1: AXIS - 4, y2: height, class: 'grid' }, axis);
          text(xs + 2, AXIS - 8, s.toLocaleString('en-US'), 'tick', axis);
        }
      }
      const plot = el('g', { 'clip-path': `url(#clip-${version.name})` }, host);
      for (let i = 0; i < gaps.length; i += 2) {
        const a = gaps[i] ?? 0;
        const b = gaps[i + 1] ?? 0;
        if (b < first || a > last) continue;
        const g = el('rect', { x: x(a), y: AXIS - 4, width: Math.max(2, x(b) - x(a)), height, class: 'gap' }, plot);
        g.dataset['tip'] = `${(b - a).toLocaleString('en-US')} steps with nothing happening, drawn shortened`;
        text(x(a) + 2, AXIS + 8, `+${(b - a).toLocaleString('en-US')}`, 'gap-label', plot);
      }

      version.runs.forEach((run, r) => {
        const top = tops[r] ?? 0;
        const runG = el('g', { class: 'run', 'data-strategy': run.strategy }, host);
        el('rect', { x: 0, y: top, width, height: RUN_HEAD, class: `run-head kind-${run.kind}` }, runG);
        text(6, top + 16, run.strategy, 'run-name', runG);
        text(GUTTER, top + 16, `${run.kind}: ${run.title}`, 'run-title', runG);
        if (run.cpus === 0) return;
        const laneTop = (cpu: number): number => top + RUN_HEAD + cpu * LANE;
        // Shapes are built as markup from numbers and fixed class names only (fast for thousands of
        // them); anything that came from the data as text is set with textContent further down.
        const shapes: string[] = [];
        const labels: [number, number, string][] = [];
        for (let cpu = 0; cpu < run.cpus; cpu++) {
          const y = laneTop(cpu);
          text(16, y + 18, `CPU${cpu}`, 'lane-name', runG);
          shapes.push(`<g class="lane" data-cpu="${cpu}">`);
          const span = (a: number, b: number, top2: number, h: number, cls: string, extra: string): void => {
            shapes.push(
              `<rect x="${x(a)}" y="${y + top2}" width="${Math.max(1, x(b) - x(a))}" height="${h}" class="${cls}" data-cpu="${cpu}" data-a="${a}" data-b="${b}"${extra}/>`,
            );
          };
          const states = run.states[cpu] ?? [];
          for (let i = 0; i < states.length; i += 3) {
            const a = states[i] ?? 0;
            const b = states[i + 1] ?? 0;
            if (b < first || a > last) continue;
            const state = states[i + 2] ?? 0;
            span(
              a,
              b,
              6,
              14,
              `state state-${data.laneStates[state] ?? 'running'}`,
              ` data-k="state" data-state="${state}"`,
            );
          }
          const parked = run.parked[cpu] ?? [];
          for (let i = 0; i < parked.length; i += 2) {
            const a = parked[i] ?? 0;
            const b = parked[i + 1] ?? 0;
            if (b < first || a > last) continue;
            span(a, b, 6, 14, 'state state-parked', ' data-k="parked"');
          }
          // Bursts closer than a pixel in one routine are drawn as one shape: zoomed out, a CPU spinning
          // in one loop is one bar, not thousands.
          const bursts = run.bursts[cpu] ?? [];
          // first, last, routine, tip, count, where (routine.label)
          let pending: [number, number, number, number, number, number] | null = null;
          let named = -1;
          const flushBurst = (): void => {
            if (pending === null) return;
            const [a, b, routine, tip, count, where] = pending;
            const fill = `hsl(${hue(data.strings[routine] ?? '')} 55% 48%)`;
            span(
              a,
              b,
              8,
              10,
              'burst',
              ` fill="${fill}" data-k="burst" data-s="${routine}" data-s2="${tip}" data-n="${count}"`,
            );
            // consecutive bursts in one routine are named once
            if (x(b) - x(a) > 60 && where !== named) labels.push([x(a) + 3, y + 16.5, data.strings[where] ?? '']);
            named = where;
            pending = null;
          };
          for (let i = Math.max(0, lowerBound(bursts, 5, 1, first)); i < bursts.length; i += 5) {
            const a = bursts[i] ?? 0;
            if (a > last) break;
            const b = bursts[i + 1] ?? 0;
            const routine = bursts[i + 2] ?? 0;
            if (pending !== null && pending[2] === routine && x(a) - x(pending[1]) < 1) {
              pending[1] = b;
              pending[4]++;
              continue;
            }
            flushBurst();
            pending = [a, b, routine, bursts[i + 3] ?? 0, 1, bursts[i + 4] ?? 0];
          }
          flushBurst();
          const ie = run.ie[cpu] ?? [];
          for (let i = 0; i < ie.length; i += 2) {
            const a = ie[i] ?? 0;
            const b = ie[i + 1] ?? 0;
            if (b < first || a > last) continue;
            span(a, b, 21, 3, 'ie', ' data-k="ie"');
          }
          // Events of one kind closer than two pixels become one bar saying how many: the view stays
          // a few hundred shapes however many events the run has.
          const events = run.events[cpu] ?? [];
          const open = new Map<number, [number, number, number, number]>(); // kind → first step, last step, count, string
          const flushEvents = (kind: number): void => {
            const run2 = open.get(kind);
            if (run2 === undefined) return;
            open.delete(kind);
            const [a, b, count, tip] = run2;
            const name = data.laneEventKinds[kind] ?? 'mark';
            const common = `class="ev ev-${name}${count > 1 ? ' ev-many' : ''}" data-kind="${name}" data-step="${a}" data-cpu="${cpu}"`;
            if (count === 1) {
              const xs = x(a);
              shapes.push(`<path d="M ${xs} ${y + 1} l 3 4 l -3 4 l -3 -4 z" ${common} data-s="${tip}"/>`);
            } else {
              const xa = x(a) - 3;
              shapes.push(
                `<rect x="${xa}" y="${y + 1}" width="${x(b) + 3 - xa}" height="8" rx="3" ${common} data-last="${b}" data-n="${count}" data-k="events"/>`,
              );
            }
          };
          for (let i = lowerBound(events, 3, 0, first); i < events.length; i += 3) {
            const step = events[i] ?? 0;
            if (step > last) break;
            const kind = events[i + 1] ?? 0;
            const current = open.get(kind);
            if (current !== undefined && x(step) - x(current[1]) < 2) {
              current[1] = step;
              current[2]++;
              continue;
            }
            flushEvents(kind);
            open.set(kind, [step, step, 1, events[i + 2] ?? 0]);
          }
          for (const kind of [...open.keys()]) flushEvents(kind);
          shapes.push('</g>');
        }

        // IPIs: an arrow from the sender's lane when sent to the target's lane when taken, dropped or due
        const ipis = run.ipis;
        const seen = new Set<number>();
        shapes.push('<g class="ipis">');
        for (let i = 0; i < ipis.length; i += 6) {
          const sent = ipis[i] ?? 0;
          const arrived = ipis[i + 3] ?? 0;
          if (arrived < first || sent > last) continue;
          const from = ipis[i + 1] ?? 0;
          const to = ipis[i + 2] ?? 0;
          const status = data.ipiStatuses[ipis[i + 4] ?? 0] ?? 'pending';
          const x1 = x(sent);
          const key = Math.floor(x1) * 4096 + from * 64 + to;
          if (seen.has(key)) continue;
          seen.add(key);
          shapes.push(
            `<line x1="${x1}" y1="${laneTop(from) + 13}" x2="${Math.max(x(arrived), x1 + 2)}" y2="${laneTop(to) + 13}" class="ipi ipi-${status}" marker-end="url(#arrow-${version.name}-${status})" data-from="${from}" data-to="${to}" data-sent="${sent}" data-status="${status}" data-s="${ipis[i + 5] ?? 0}"/>`,
          );
        }
        shapes.push('</g>');

        // memory: the relocation copy over the code each CPU executes (address up, time across)
        const m = run.memory;
        const memTop = laneTop(run.cpus) + 6;
        const memH = MEMORY - 14;
        shapes.push(
          `<g class="memory"><rect x="${GUTTER}" y="${memTop}" width="${plotW}" height="${memH}" class="memory-frame"/>`,
        );
        if (m.high > m.low) {
          const yOf = (address: number): number => memTop + memH - ((address - m.low) / (m.high - m.low)) * memH;
          const drawn = new Set<number>();
          const dots = (flat: readonly number[], cls: string): void => {
            for (let i = 0; i < flat.length; i += 3) {
              const step = flat[i] ?? 0;
              if (step < first || step > last) continue;
              const xs = x(step);
              const address = flat[i + 2] ?? 0;
              const ys = yOf(address);
              const key = (Math.floor(xs) * 1024 + Math.floor(ys)) * 2 + (cls === 'copy' ? 1 : 0);
              if (drawn.has(key)) continue;
              drawn.add(key);
              const cpu = flat[i + 1] ?? 0;
              const fill = cls === 'copy' ? '' : ` fill="hsl(${cpu * 83} 70% 40%)"`;
              shapes.push(
                `<rect x="${xs - 1.5}" y="${ys - 1.5}" width="3" height="3" class="${cls}"${fill} data-k="${cls}" data-step="${step}" data-cpu="${cpu}" data-address="${address}"/>`,
              );
            }
          };
          dots(m.copies, 'copy');
          dots(m.executes, 'exec');
        }
        shapes.push('</g>');
        const plotG = el('g', { 'clip-path': `url(#clip-${version.name})` }, runG);
        plotG.innerHTML = shapes.join('');
        for (const [lx, ly, name] of labels) text(lx, ly, name, 'burst-name', plotG);
        const mem = el('g', { class: 'memory-axis' }, runG);
        text(6, memTop + 12, 'memory', 'lane-name', mem);
        for (let i = 0; i < m.ticks.length && m.high > m.low; i += 2) {
          const ty = memTop + memH - (((m.ticks[i] ?? 0) - m.low) / (m.high - m.low)) * memH;
          const name = data.strings[m.ticks[i + 1] ?? 0] ?? '';
          const label = text(GUTTER - 4, ty + 3, name.length > 17 ? `…${name.slice(-16)}` : name, 'memory-tick', mem);
          label.dataset['tip'] = name;
        }

        // the first anomaly: a band on its CPU's lane and a line through the run, always in the DOM
        if (run.anomaly !== null) {
          const a = run.anomaly;
          const xa = x(a.step);
          const hi = el('g', { class: 'anomaly-mark', 'clip-path': `url(#clip-${version.name})` }, runG);
          el('line', { x1: xa, x2: xa, y1: top + RUN_HEAD, y2: laneTop(run.cpus), class: 'anomaly-line' }, hi);
          const cpuTop = a.cpu === null ? top + RUN_HEAD : laneTop(a.cpu);
          const box = el(
            'rect',
            {
              x: xa - 6,
              y: cpuTop + 2,
              width: 12,
              height: a.cpu === null ? run.cpus * LANE : LANE - 4,
              class: 'anomaly',
            },
            hi,
          );
          box.dataset['cpu'] = a.cpu === null ? '' : String(a.cpu);
          box.dataset['step'] = String(a.step);
          box.dataset['tip'] =
            `first anomaly: ${run.kind} on ${a.cpu === null ? 'the machine' : `CPU${a.cpu}`} at step ${a.step}\n${run.title}\n${run.cause.join('\n')}`;
        }
      });
      if (readout !== null) {
        readout.textContent = `steps ${Math.round(first).toLocaleString('en-US')} – ${Math.round(last).toLocaleString('en-US')}`;
      }
      timings.push(performance.now() - started);
    }

    // Wheel and drag ask for many redraws a frame; one per frame is all the eye sees.
    let frame = 0;
    function renderSoon(): void {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        render();
      });
    }

    function zoom(factor: number, centerAxis: number, soon = false): void {
      const span = Math.min(full[1] - full[0], Math.max(8, (view[1] - view[0]) * factor));
      const left = centerAxis - (centerAxis - view[0]) * (span / (view[1] - view[0]));
      view[0] = Math.max(full[0], Math.min(left, full[1] - span));
      view[1] = view[0] + span;
      if (soon) renderSoon();
      else render();
    }

    function zoomToSteps(a: number, b: number): void {
      view[0] = Math.max(full[0], toAxis(a));
      view[1] = Math.min(full[1], Math.max(view[0] + 8, toAxis(b)));
      render();
    }

    const axisAt = (clientX: number): number => {
      const box = svg.getBoundingClientRect();
      const plotW = box.width - GUTTER - 10;
      return view[0] + ((clientX - box.left - GUTTER) / plotW) * (view[1] - view[0]);
    };
    svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        zoom(e.deltaY > 0 ? 1.25 : 0.8, axisAt(e.clientX), true);
      },
      { passive: false },
    );
    let dragFrom: number | null = null;
    svg.addEventListener('mousedown', (e) => {
      dragFrom = e.clientX;
    });
    window.addEventListener('mouseup', () => {
      dragFrom = null;
    });
    svg.addEventListener('mousemove', (e) => {
      if (dragFrom !== null && e.buttons === 1) {
        const shift = axisAt(dragFrom) - axisAt(e.clientX);
        dragFrom = e.clientX;
        const span = view[1] - view[0];
        view[0] = Math.max(full[0], Math.min(view[0] + shift, full[1] - span));
        view[1] = view[0] + span;
        renderSoon();
      }
    });
    const focusRun =
      version.runs.find((r) => r.strategy === version.focus && r.anomaly !== null) ??
      version.runs.find((r) => r.anomaly !== null);
    const firstAnomaly = focusRun?.anomaly ?? null;
    for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
      button.addEventListener('click', () => {
        const action = button.dataset['action'];
        const middle = (view[0] + view[1]) / 2;
        if (action === 'in') zoom(0.5, middle);
        else if (action === 'out') zoom(2, middle);
        else if (action === 'fit') zoomToSteps(0, end * 1.01);
        else if (action === 'anomaly' && firstAnomaly !== null) {
          zoomToSteps(Math.max(0, firstAnomaly.step - 400), firstAnomaly.step + 200);
          const group = svg.querySelector(`g.run[data-strategy="${CSS.escape(focusRun?.strategy ?? '')}"]`);
          group?.scrollIntoView({ block: 'center' });
        }
      });
    }
    (api['views'] as Record<string, unknown>)[version.name] = { render, zoomToSteps, view };
    render();
  }

  /** The hover text of a shape: kept as numbers on the shape, put into words only when pointed at. */
  function tipOf(e: SVGElement): string {
    const d = e.dataset;
    if (d['tip'] !== undefined) return d['tip'];
    const str = (key: string): string => data.strings[Number(d[key] ?? -1)] ?? '';
    const steps = `steps ${d['a']}–${d['b']}`;
    switch (d['k']) {
      case 'state':
        return `CPU${d['cpu']} ${data.laneStates[Number(d['state'])] ?? ''}, ${steps}`;
      case 'parked':
        return `CPU${d['cpu']} parked in a poll loop (costs nothing until what it reads changes), ${steps}`;
      case 'ie':
        return `CPU${d['cpu']} interrupts enabled, ${steps}`;
      case 'burst':
        return d['n'] === '1'
          ? `CPU${d['cpu']} executing ${str('s')}\n${str('s2')}`
          : `CPU${d['cpu']} executing ${str('s')}: ${d['n']} bursts, ${steps} (zoom in for each)\nthe first ${str('s2')}`;
      case 'events':
        return `CPU${d['cpu']}: ${d['n']} ${d['kind']} events, steps ${d['step']}–${d['last']} (zoom in for each)`;
      case 'copy':
        return `step ${d['step']}: CPU${d['cpu']} overwrote executable code at 0x${Number(d['address']).toString(16)} (relocation copy)`;
      case 'exec':
        return `step ${d['step']}: CPU${d['cpu']} executing at 0x${Number(d['address']).toString(16)}`;
      default:
        return d['s'] === undefined ? '' : str('s');
    }
  }

  // hover: the shape's text in a tooltip that follows the pointer
  document.addEventListener('mousemove', (e) => {
    if (tooltip === null) return;
    const target = e.target;
    const tip = target instanceof SVGElement ? tipOf(target) : '';
    if (tip === '') {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = tip;
    tooltip.hidden = false;
    tooltip.style.left = `${Math.min(e.clientX + 14, window.innerWidth - 420)}px`;
    tooltip.style.top = `${e.clientY + 14}px`;
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      for (const v of Object.values(api['views'] as Record<string, { render: () => void }>)) v.render();
    }, 100);
  });
}
