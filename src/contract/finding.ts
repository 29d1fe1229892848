/**
 * The finding vocabulary every layer from the oracle to the store speaks (DESIGN "Outcomes, divergence
 * and signatures"), declared once: kinds, labels, statuses, the branded signature and the outcome vector.
 */
import type { OutcomeKind } from './outcome.js';

/** `platform/strategy/kind/routine`: what deduplicates findings (no addresses, no CPU numbers). */
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
