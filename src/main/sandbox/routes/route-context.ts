import type { KeyKind } from '../accounts';
import type { SandboxResponse } from '../response';
import type { SandboxData } from '../sandbox-data';
import type { SandboxAccountId } from '../types';

/** A request body as the routes see it. */
export type RequestBody =
  { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; text: string };

/** Everything a route needs; routes are synchronous and return their answer. */
export interface RouteContext {
  data: SandboxData;
  account: SandboxAccountId;
  keyKind: KeyKind;
  method: string;
  /** Path without query. */
  path: string;
  /** The full URL as the client sent it (origin from the Host header). */
  url: string;
  params: URLSearchParams;
  body: RequestBody;
  /** Captures of the route's path pattern. */
  match: RegExpExecArray;
  /** Records that the request changed the sandbox's state (log `applied`). */
  markApplied(): void;
  /** Wall-clock time for timestamps the request writes (never used for seed data). */
  now: number;
}

export type RouteHandler = (ctx: RouteContext) => SandboxResponse;
