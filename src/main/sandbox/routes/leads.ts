import { leadsError } from '../envelopes';
import { jsonResponse } from '../response';
import type { SandboxResponse } from '../response';
import { LEAD_STATUSES } from '../seed-leads';
import type { SandboxLead } from '../types';
import type { RouteContext, RouteHandler } from './route-context';

/**
 * The Leads API under `/api/v1/leads` (leads-api-delete-lead.txt): list with
 * paging, read, partial update (PUT, `metadata` shallow-merged, as the
 * archive recipe relies on), delete. Errors use `{success: false, error,
 * code, details}`. Leads are listed in creation order.
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
  const page = positiveInt(ctx.params.get('page'), 1);
  if (page === undefined)
    return invalid({ field: 'page', message: 'page must be a whole number ≥ 1' });

  const matching: SandboxLead[] = [];
  for (const lead of ctx.data.leads.values()) {
    if (status === null || lead.status === status) matching.push(lead);
  }
  const leads = matching.slice((page - 1) * limit, page * limit);
  return jsonResponse(200, {
    success: true,
    data: {
      leads,
      pagination: {
        page,
        limit,
        total: matching.length,
        pages: Math.ceil(matching.length / limit),
      },
    },
  });
};

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
