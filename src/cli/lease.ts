/**
 * One process runs a campaign at a time. Two `fuzz --resume` on one campaign would run the same batches
 * twice and the slower would fail on the first commit; instead the campaign row carries a lease (host,
 * pid, expiry) that the runner renews, and a second runner is refused, saying who holds it. A holder
 * killed with SIGKILL cannot give it back: its lease is taken over once it expires, or at once when the
 * process is gone from this host (a pod's restarted container, a resumed job on the same node).
 */
import { hostname } from 'node:os';
import { errorCode, UsageError } from '../errors.js';
import { type Campaign, type Lease, leaseText, type Store } from '../store/index.js';

/** How long a lease lasts unrenewed: a holder renews it with every batch and every `leaseTtlMs / 4`. */
export const leaseTtlMs = 60_000;

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === 'ESRCH';
  }
}

export interface HeldLease {
  /** The lease as this process holds it now, renewed. */
  current(): Lease;
  release(): void;
}

export function takeCampaignLease(store: Store, campaign: Campaign, db: string, now = Date.now): HeldLease {
  const host = hostname();
  const lease = (): Lease => ({ host, pid: process.pid, expires: now() + leaseTtlMs });
  const stale = (held: Lease): boolean =>
    held.expires < now() || (held.host === host && (held.pid === process.pid || processGone(held.pid)));
  const holder = store.takeLease(campaign.id, lease(), stale);
  if (holder !== null) {
    throw new UsageError(
      `campaign #${campaign.id} in ${db} is being run by ${leaseText(holder)}; ` +
        'wait for it to end, or stop it (Ctrl-C) and resume here.',
    );
  }
  let latest = lease();
  const timer = setInterval(() => {
    latest = lease();
    store.renewLease(campaign.id, latest);
  }, leaseTtlMs / 4);
  timer.unref();
  return {
    current: () => {
      latest = lease();
      return latest;
    },
    release: () => {
      clearInterval(timer);
      store.releaseLease(campaign.id, latest);
    },
  };
}
