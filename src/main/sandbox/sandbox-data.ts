import { seedWorld } from './seed-data';
import type { ResolvedSandboxOptions, SeededWorld } from './seed-data';
import type { ProspectStore } from './prospect-store';
import type { SandboxLead } from './types';

/** One accepted v2 "delete ALL" request. */
export interface DeletionRequest {
  id: number;
  companyId: number;
  count: number;
}

const FIRST_DELETION_REQUEST_ID = 7001;

/** The sandbox's mutable data: seeded on start, re-seeded by `reset()`. */
export class SandboxData {
  private world: SeededWorld;
  readonly deletionRequests: DeletionRequest[] = [];
  private nextDeletionId = FIRST_DELETION_REQUEST_ID;

  constructor(readonly options: ResolvedSandboxOptions) {
    this.world = seedWorld(options);
  }

  get prospects(): ProspectStore {
    return this.world.prospects;
  }

  get leads(): Map<string, SandboxLead> {
    return this.world.leads;
  }

  get companies(): readonly { id: number; name: string }[] {
    return this.world.companies;
  }

  recordDeletion(companyId: number, count: number): DeletionRequest {
    const request = { id: this.nextDeletionId++, companyId, count };
    this.deletionRequests.push(request);
    return request;
  }

  reset(): void {
    this.world = seedWorld(this.options);
    this.deletionRequests.length = 0;
    this.nextDeletionId = FIRST_DELETION_REQUEST_ID;
  }
}
