import { deleteLead, getLead, listLeads, updateLead } from './leads';
import type { RouteHandler } from './route-context';
import { deleteProspects } from './woodpecker-v1-delete';
import { listProspects } from './woodpecker-v1-list';
import { updateProspects } from './woodpecker-v1-update';
import { deleteCompanyProspects } from './woodpecker-v2-agency';

interface Route {
  method: string;
  pattern: RegExp;
  handle: RouteHandler;
}

/** The five vendor endpoints (../shared/api-docs), plus the Leads reads the clients need. */
const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/rest\/v1\/prospects$/, handle: listProspects },
  { method: 'DELETE', pattern: /^\/rest\/v1\/prospects$/, handle: deleteProspects },
  { method: 'POST', pattern: /^\/rest\/v1\/add_prospects_list$/, handle: updateProspects },
  {
    method: 'POST',
    pattern: /^\/rest\/v2\/agency\/companies\/(\d+)\/prospects\/delete$/,
    handle: deleteCompanyProspects,
  },
  { method: 'GET', pattern: /^\/api\/v1\/leads$/, handle: listLeads },
  { method: 'GET', pattern: /^\/api\/v1\/leads\/([^/]+)$/, handle: getLead },
  { method: 'PUT', pattern: /^\/api\/v1\/leads\/([^/]+)$/, handle: updateLead },
  { method: 'DELETE', pattern: /^\/api\/v1\/leads\/([^/]+)$/, handle: deleteLead },
];

/** The route for a request, or undefined (answered 404 in the family's envelope). */
export function findRoute(
  method: string,
  path: string,
): { handle: RouteHandler; match: RegExpExecArray } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { handle: route.handle, match };
  }
  return undefined;
}
