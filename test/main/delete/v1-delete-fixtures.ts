import type { HttpOptions } from '../../../src/main/api/http/http-client';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { testHttp } from '../api/support';

export const CONNECTION = { id: 'c-main', label: 'Main account', kind: 'woodpecker' as const };

export const v1Client = (sandbox: Sandbox, extra: HttpOptions = {}) =>
  new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
    testHttp(extra).options,
  );

export const deletes = (sandbox: Sandbox) => sandbox.log.filter((e) => e.method === 'DELETE');

/** Ids of every prospect a DELETE the sandbox applied carried. */
export const deletedIds = (sandbox: Sandbox): string[] =>
  deletes(sandbox)
    .filter((e) => e.applied)
    .flatMap((e) => (e.query.id ?? '').split(','));

export const liveIds = (sandbox: Sandbox): number[] => [...sandbox.state.prospects().keys()];
