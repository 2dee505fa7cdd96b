import { leadsError } from '../envelopes';
import { jsonResponse } from '../response';
import type { SandboxResponse } from '../response';
import { LEAD_STATUSES } from '../seed-leads';
import type { SandboxLead } from '../types';
import type { RouteContext, RouteHandler } from './route-context';

/**
 * The Leads API under `/api/v1/leads` (leads-api-delete-lead.txt): list,
 * read, partial update (PUT, `metadata` shallow-merged, as the archive
 * recipe relies on), delete. Errors use `{success: false, error, code,
 * details}`. Leads are listed in creation order. The list answers
 * `{success, data: {leads}}` as documented, with the paging of the
 * configured variant (types.ts: LeadsPaging) if any.
 */

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

export const listLeads: RouteHandler = (ctx) => {
  const status = ctx.params.get('status');
  if (status !== null && !isLeadStatus(status)) {
    return invalid({
      field: 'status',
      message: `status must be one of ${LEAD_STATUSES.join(', ')}`,
    });
  }
  const limit = positiveInt(ctx.params.get('limit'), DEFAULT_LIMIT);
  if (limit === undefined || limit > MAX_LIMIT) {
    return invalid({
      field: 'limit',
      message: `limit must be a whole number from 1 to ${MAX_LIMIT}`,
    });
  }
  const paging = ctx.data.options.leadsPaging;
  const cursor = ctx.params.get('cursor');
  let offset: number;
  if (paging === 'cursor' && cursor !== null) {
    const at = decodeCursor(cursor);
    if (at === undefined) return invalid({ field: 'cursor', message: 'cursor is not valid' });
    offset = at;
  } else {
    const page = positiveInt(ctx.params.get('page'), 1);
    if (page === undefined)
      return invalid({ field: 'page', message: 'page must be a whole number ≥ 1' });
    offset = paging === 'ignores-page' ? 0 : (page - 1) * limit;
  }

  const matching: SandboxLead[] = [];
  for (const lead of ctx.data.leads.values()) {
    if (status === null || lead.status === status) matching.push(lead);
  }
  const leads = matching.slice(offset, offset + limit);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(matching.length / limit);
  const more = offset + limit < matching.length;
  switch (paging) {
    case 'doc-only':
    case 'ignores-page':
      return jsonResponse(200, { success: true, data: { leads } });
    case 'pages':
      return jsonResponse(200, {
        success: true,
        data: { leads, pagination: { page, limit, total: matching.length, pages } },
      });
    case 'totalPages':
      return jsonResponse(200, {
        success: true,
        data: { leads },
        meta: { currentPage: page, totalPages: pages, totalCount: matching.length },
      });
    case 'hasMore':
      return jsonResponse(200, { success: true, data: { leads, hasMore: more } });
    case 'next': {
      const next = new URL(ctx.url);
      next.searchParams.set('page', String(page + 1));
      return jsonResponse(200, {
        success: true,
        data: { leads },
        links: { next: more ? next.href : null },
      });
    }
    case 'cursor':
      return jsonResponse(200, {
        success: true,
        data: { leads, nextCursor: more ? encodeCursor(offset + limit) : null },
      });
  }
};

/** An opaque cursor, as such servers hand out: the offset, dressed up. */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export const getLead: RouteHandler = (ctx) => {
  const lead = findLead(ctx);
  return 'status' in lead ? lead : jsonResponse(200, { success: true, data: lead.lead });
};

/** Fields PUT may change; others in the body (id, createdAt, …) are ignored. */
export const updateLead: RouteHandler = (ctx) => {
  const found = findLead(ctx);
  if ('status' in found) return found;
  if (ctx.body.kind !== 'json' || !isObject(ctx.body.value)) {
    return invalid({ message: 'Request body must be a JSON object' });
  }
  const body = ctx.body.value;
  const changes: Record<string, unknown> = {};
  if ('status' in body) {
    if (typeof body.status !== 'string' || !isLeadStatus(body.status)) {
      return invalid({
        field: 'status',
        message: `status must be one of ${LEAD_STATUSES.join(', ')}`,
      });
    }
    changes.status = body.status;
  }
  for (const field of ['name', 'company', 'phone'] as const) {
    if (!(field in body)) continue;
    if (typeof body[field] !== 'string')
      return invalid({ field, message: `${field} must be a string` });
    changes[field] = body[field];
  }
  if ('email' in body) {
    if (typeof body.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email)) {
      return invalid({ field: 'email', message: 'email must be a valid email address' });
    }
    changes.email = body.email;
  }
  if ('tags' in body) {
    if (!Array.isArray(body.tags) || !body.tags.every((t) => typeof t === 'string')) {
      return invalid({ field: 'tags', message: 'tags must be an array of strings' });
    }
    changes.tags = [...body.tags];
  }
  if ('metadata' in body) {
    if (!isObject(body.metadata))
      return invalid({ field: 'metadata', message: 'metadata must be an object' });
    const current = isObject(found.lead.metadata) ? found.lead.metadata : {};
    changes.metadata = { ...current, ...body.metadata };
  }
  const updated: SandboxLead = {
    ...found.lead,
    ...changes,
    updatedAt: new Date(ctx.now).toISOString(),
  };
  ctx.data.leads.set(updated.id, updated);
  ctx.markApplied();
  return jsonResponse(200, { success: true, data: updated });
};

export const deleteLead: RouteHandler = (ctx) => {
  const found = findLead(ctx);
  if ('status' in found) return found;
  ctx.data.leads.delete(found.lead.id);
  ctx.markApplied();
  return jsonResponse(200, {
    success: true,
    message: 'Lead deleted successfully',
    data: { id: found.lead.id, deletedAt: new Date(ctx.now).toISOString() },
  });
};

function findLead(ctx: RouteContext): { lead: SandboxLead } | SandboxResponse {
  const leadId = decodePathSegment(ctx.match[1] ?? '');
  const lead = ctx.data.leads.get(leadId);
  if (lead) return { lead };
  return leadsError(404, 'Lead not found', 'LEAD_NOT_FOUND', {
    leadId,
    message: 'No lead found with this ID in your workspace',
  });
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function invalid(details: Record<string, unknown>): SandboxResponse {
  return leadsError(400, 'Validation failed', 'VALIDATION_ERROR', details);
}

function positiveInt(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

function isLeadStatus(value: string): boolean {
  return (LEAD_STATUSES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
