import type { SandboxAccountId, SandboxHiddenProspect, SandboxProspect } from './types';

/** First seeded prospect id: 10 digits, and small enough to stay a V8 small integer. */
export const FIRST_PROSPECT_ID = 1_091_000_001;

/**
 * One account's prospects: the live Map (insertion order is ascending id,
 * because ids only grow), plus a sorted id array so an unfiltered page is
 * O(per_page) even with 1M prospects, and a lazy lowercase-email index for
 * `add_prospects_list`, which matches emails case-insensitively.
 */
export class AccountProspects {
  readonly byId = new Map<number, SandboxProspect>();
  /** Ascending; may still hold deleted ids until the next `sortedIds()`. */
  private ids: number[] = [];
  private stale = false;
  private byEmail: Map<string, SandboxProspect> | null = null;

  constructor(readonly campaigns: readonly number[]) {}

  /** Adds a prospect whose id is larger than every id so far. */
  add(prospect: SandboxProspect): void {
    this.byId.set(prospect.id, prospect);
    this.ids.push(prospect.id);
    this.byEmail?.set(prospect.email.toLowerCase(), prospect);
  }

  remove(id: number): boolean {
    const prospect = this.byId.get(id);
    if (!prospect) return false;
    this.byId.delete(id);
    this.byEmail?.delete(prospect.email.toLowerCase());
    // Compacting on every DELETE would make deleting 1M prospects quadratic.
    this.stale = true;
    return true;
  }

  /** Live ids in ascending order. */
  sortedIds(): readonly number[] {
    if (this.stale) {
      this.ids = this.ids.filter((id) => this.byId.has(id));
      this.stale = false;
    }
    return this.ids;
  }

  findByEmail(email: string): SandboxProspect | undefined {
    if (!this.byEmail) {
      this.byEmail = new Map();
      for (const prospect of this.byId.values()) {
        this.byEmail.set(prospect.email.toLowerCase(), prospect);
      }
    }
    return this.byEmail.get(email.toLowerCase());
  }
}

/**
 * Every account's prospects, the global id counter (ids are unique across
 * accounts, as in Woodpecker) and the state the wire never shows: the import
 * name (`file_name`) and campaign membership, kept in arrays indexed by id so
 * 1M prospects do not need a second Map.
 */
export class ProspectStore {
  private readonly accounts = new Map<SandboxAccountId, AccountProspects>();
  private nextId = FIRST_PROSPECT_ID;
  private readonly fileNames: string[] = [];
  private readonly memberships: (readonly number[])[] = [];

  addAccount(account: SandboxAccountId, campaigns: readonly number[]): AccountProspects {
    const prospects = new AccountProspects(campaigns);
    this.accounts.set(account, prospects);
    return prospects;
  }

  /** The account's prospects; throws for an account the sandbox does not have. */
  account(account: SandboxAccountId): AccountProspects {
    const prospects = this.accounts.get(account);
    if (!prospects) throw new RangeError(`The sandbox has no account "${account}".`);
    return prospects;
  }

  allocateId(): number {
    return this.nextId++;
  }

  /** Adds a prospect created with `allocateId()` to an account. */
  insert(
    account: AccountProspects,
    prospect: SandboxProspect,
    fileName: string,
    campaigns: readonly number[],
  ): void {
    account.add(prospect);
    const slot = prospect.id - FIRST_PROSPECT_ID;
    this.fileNames[slot] = fileName;
    this.memberships[slot] = campaigns;
  }

  setFileName(id: number, fileName: string): void {
    this.fileNames[id - FIRST_PROSPECT_ID] = fileName;
  }

  campaignsOf(id: number): readonly number[] {
    return this.memberships[id - FIRST_PROSPECT_ID] ?? [];
  }

  setCampaigns(id: number, campaigns: readonly number[]): void {
    this.memberships[id - FIRST_PROSPECT_ID] = campaigns;
  }

  /** Hidden state of a live prospect (a copy), or undefined. */
  hidden(id: number): SandboxHiddenProspect | undefined {
    for (const account of this.accounts.values()) {
      if (account.byId.has(id)) {
        return {
          file_name: this.fileNames[id - FIRST_PROSPECT_ID] ?? '',
          campaigns: [...this.campaignsOf(id)],
        };
      }
    }
    return undefined;
  }
}
