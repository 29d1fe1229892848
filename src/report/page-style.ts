import { kindColour } from './palette.js';

/** Outcome-kind badges in the campaign page's colours (palette.ts), tinted so their text stays readable. */
const kindBadges = Object.entries(kindColour)
  .map(([kind, colour]) => `.kind-${kind} { background: ${colour}33; border: 1px solid ${colour}; }`)
  .join('\n');

/** The finding page's look: a light, compact sheet, outcome kinds in the colours the campaign page uses. */
export const pageCss = `
:root { --line: #d0d7de; --muted: #656d76; --fg: #1f2328; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #f6f8fa; padding: 8px; border-radius: 6px; overflow: auto; max-height: 420px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { position: sticky; top: 0; background: #fff; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.note { white-space: pre-wrap; }
.kind { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; background: #eaeef2; }
${kindBadges}
details summary { cursor: pointer; color: var(--muted); }
`;
