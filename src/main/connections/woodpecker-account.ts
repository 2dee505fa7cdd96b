import type { AccountRef } from '../../shared/connections';
import { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { AppError } from '../app-error';
import type { ConnectionsService } from './connections-service';

/** The Woodpecker account an action works on, as backups and runs record it. */
export interface WoodpeckerAccountInfo {
  /** `accountId(ref)`: a client company is an account of its own. */
  id: string;
  label: string;
  kind: ReturnType<ConnectionsService['get']>['kind'];
  companyId?: number;
}

/**
 * `<connection id>` or `<connection id>#<company id>`: what backups, delete
 * runs and update runs bind to, so one company's backup never passes for
 * another's or the agency's own.
 */
export function accountId(ref: AccountRef): string {
  return ref.companyId === undefined ? ref.connectionId : `${ref.connectionId}#${ref.companyId}`;
}

/** The ref back from a recorded account (the part before `#` is the connection). */
export function refOfAccount(account: { id: string; companyId?: number }): AccountRef {
  const connectionId = account.id.split('#')[0]!;
  return account.companyId === undefined
    ? { connectionId }
    : { connectionId, companyId: account.companyId };
}

/**
 * A client for a Woodpecker (or Sandbox) account and how to record it;
 * `what` names the action for the error a Leads connection gets.
 */
export async function woodpeckerAccount(
  connections: ConnectionsService,
  ref: AccountRef,
  what: string,
): Promise<{ client: WoodpeckerV1Client; connection: WoodpeckerAccountInfo }> {
  const credentials = await connections.credentials(ref);
  if (credentials.api !== 'woodpecker') {
    throw new AppError('validation', `${what} needs a Woodpecker or Sandbox connection.`);
  }
  const summary = connections.get(ref.connectionId);
  return {
    client: new WoodpeckerV1Client(credentials),
    connection: {
      id: accountId(ref),
      label: summary.label,
      kind: summary.kind,
      ...(ref.companyId !== undefined && { companyId: ref.companyId }),
    },
  };
}
