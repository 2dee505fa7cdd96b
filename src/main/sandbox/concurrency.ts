import type { SandboxAccountId } from './types';

/** Holding an account's processing slot; `release` is idempotent. */
export interface Slot {
  release(): void;
}

/** Why a request did not get its account's slot. */
export type SlotRefusal = 'busy' | 'gone';

interface Waiter {
  grant(slot: Slot): void;
}

interface AccountLoad {
  inFlight: number;
  max: number;
  busy: boolean;
  waiters: Waiter[];
}

/**
 * Per-account concurrency as the vendor does it (notes/api-facts.md): one
 * request processed at a time per account; in 'queue' mode up to `queueLimit`
 * more wait (each at most `queueTimeoutMs`) and anything beyond is refused at
 * once; in 'reject' mode every request that finds another one being processed
 * is refused at once. Refusals become 409 (v1) / 429 (v2, Leads).
 *
 * Separately it counts requests arrived-and-unanswered per account, so tests
 * can assert a client never had more than one in flight (`maxInFlight`).
 */
export class AccountGate {
  private readonly loads = new Map<SandboxAccountId, AccountLoad>();

  constructor(
    private readonly options: {
      mode: 'queue' | 'reject';
      queueLimit: number;
      queueTimeoutMs: number;
    },
  ) {}

  /** Counts a request as in flight; call the returned function once it is answered. */
  arrive(account: SandboxAccountId): () => void {
    const load = this.load(account);
    load.inFlight++;
    load.max = Math.max(load.max, load.inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      load.inFlight--;
    };
  }

  /**
   * Waits for the account's slot. Resolves with the slot, or 'busy' when the
   * queue is full / the wait timed out / mode is 'reject', or 'gone' when the
   * client left (signal aborted) while waiting.
   */
  acquire(account: SandboxAccountId, signal: AbortSignal): Promise<Slot | SlotRefusal> {
    if (signal.aborted) return Promise.resolve('gone');
    const load = this.load(account);
    if (!load.busy) {
      load.busy = true;
      return Promise.resolve(this.slotFor(load));
    }
    if (this.options.mode === 'reject' || load.waiters.length >= this.options.queueLimit) {
      return Promise.resolve('busy');
    }
    return new Promise((resolve) => {
      const leave = (outcome: Slot | SlotRefusal) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = load.waiters.indexOf(waiter);
        if (index >= 0) load.waiters.splice(index, 1);
        resolve(outcome);
      };
      const waiter: Waiter = { grant: leave };
      const onAbort = () => leave('gone');
      const timer = setTimeout(() => leave('busy'), this.options.queueTimeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      load.waiters.push(waiter);
    });
  }

  /** Highest in-flight count of one account, or of any account. */
  maxInFlight(account?: SandboxAccountId): number {
    if (account !== undefined) return this.loads.get(account)?.max ?? 0;
    let max = 0;
    for (const load of this.loads.values()) max = Math.max(max, load.max);
    return max;
  }

  /** Forgets the maxima (requests still in flight keep counting). */
  resetMaxima(): void {
    for (const load of this.loads.values()) load.max = load.inFlight;
  }

  private slotFor(load: AccountLoad): Slot {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const next = load.waiters[0];
        if (next) next.grant(this.slotFor(load));
        else load.busy = false;
      },
    };
  }

  private load(account: SandboxAccountId): AccountLoad {
    let load = this.loads.get(account);
    if (!load) {
      load = { inFlight: 0, max: 0, busy: false, waiters: [] };
      this.loads.set(account, load);
    }
    return load;
  }
}
