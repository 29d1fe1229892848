import type { Signature } from '../contract/finding.js';
import type { Outcome } from '../contract/outcome.js';

/** The outcome's signature: platform, strategy, kind and the site of its mechanism (classify.ts says which). */
export function signatureOf(platform: string, strategy: string, outcome: Outcome): Signature {
  return `${platform}/${strategy}/${outcome.kind}/${outcome.site}` as Signature;
}

export interface SignatureParts {
  readonly platform: string;
  readonly strategy: string;
  readonly kind: string;
  readonly site: string;
}

/** A signature's four fields back (the site may itself hold any character but the first three slashes). */
export function signatureParts(signature: string): SignatureParts {
  const [platform = '', strategy = '', kind = '', ...rest] = signature.split('/');
  return { platform, strategy, kind, site: rest.join('/') };
}
