/**
 * The finding vocabulary every layer from the oracle to the store speaks (DESIGN "Outcomes, divergence
 * and signatures"), declared once: kinds, labels, statuses, the branded signature and the outcome vector.
 */
import type { OutcomeKind } from './outcome.js';

/** `platform/strategy/kind/site`: what deduplicates findings (no addresses, no CPU numbers). */
export type Signature = string & { readonly __brand: 'Signature' };

/** `divergence`: a strategy fails while another boots. `common-mode`: every strategy that ran fails. */
export const findingKinds = ['divergence', 'common-mode'] as const;
export type FindingKind = (typeof findingKinds)[number];

/** Against the reference strategy: it boots and this one fails, it fails and another boots, or both fail. */
export const findingLabels = ['regression', 'improvement', 'both-wrong'] as const;
export type FindingLabel = (typeof findingLabels)[number];

/** Where triage stands. */
export const findingStatuses = ['new', 'confirmed', 'fixed', 'wontfix'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

/** One strategy's outcome on a scenario, as a finding keeps it. */
export interface OutcomeSummary {
  readonly kind: OutcomeKind;
  readonly title: string;
  readonly routine: string | null;
}

/** Strategy name → its outcome on one scenario, in the order the strategies ran. */
export type OutcomeVector = Readonly<Record<string, OutcomeSummary>>;

/**
 * How often a signature was seen as a divergence, and with each label against the reference. A finding's
 * kind and label come from all its sightings, not from the first scenario that showed it.
 */
export interface Sightings {
  readonly divergences: number;
  readonly regressions: number;
  readonly improvements: number;
  readonly bothWrong: number;
}

/** `times` sightings of one kind and label. */
export function sightingsOf(kind: FindingKind, label: FindingLabel | null, times = 1): Sightings {
  return {
    divergences: kind === 'divergence' ? times : 0,
    regressions: label === 'regression' ? times : 0,
    improvements: label === 'improvement' ? times : 0,
    bothWrong: label === 'both-wrong' ? times : 0,
  };
}

export function addSightings(a: Sightings, b: Sightings): Sightings {
  return {
    divergences: a.divergences + b.divergences,
    regressions: a.regressions + b.regressions,
    improvements: a.improvements + b.improvements,
    bothWrong: a.bothWrong + b.bothWrong,
  };
}

/**
 * The kind and label the sightings support: a divergence if any sighting was one (some scenario shows another
 * strategy booting where this one fails so), and the strongest label seen: regression, then improvement, then
 * both-wrong (null with no reference).
 */
export function labelOf(s: Sightings): { readonly kind: FindingKind; readonly label: FindingLabel | null } {
  const kind: FindingKind = s.divergences > 0 ? 'divergence' : 'common-mode';
  if (s.regressions > 0) return { kind, label: 'regression' };
  if (s.improvements > 0) return { kind, label: 'improvement' };
  return { kind, label: s.bothWrong > 0 ? 'both-wrong' : null };
}
