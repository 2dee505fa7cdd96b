import type { SandboxFault, SandboxFaultRule } from './types';

interface ActiveRule {
  rule: SandboxFaultRule;
  remaining: number;
}

const KINDS: ReadonlySet<string> = new Set<SandboxFault['kind']>([
  'status',
  'latency',
  'reset-before',
  'reset-after',
  'malformed-json',
  'truncated-json',
  'hang',
]);

/**
 * Scripted faults ("next call: 409", "drop the connection after applying the
 * delete"). Rules are checked in insertion order; the first one that matches
 * and is not used up applies, once per request.
 */
export class FaultRules {
  private rules: ActiveRule[] = [];

  add(rule: SandboxFaultRule): void {
    const times = rule.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
      throw new RangeError(`A fault rule's times must be a whole number ≥ 1, not ${times}.`);
    }
    if (!KINDS.has(rule.fault.kind))
      throw new RangeError(`Unknown fault kind "${rule.fault.kind}".`);
    this.rules.push({ rule, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.filter((r) => r.remaining > 0).length;
  }

  /** The fault for this request, if any rule matches (and uses one of its times). */
  take(method: string, path: string): SandboxFault | undefined {
    for (const active of this.rules) {
      if (active.remaining <= 0 || !matches(active.rule, method, path)) continue;
      active.remaining--;
      return active.rule.fault;
    }
    return undefined;
  }
}

function matches(rule: SandboxFaultRule, method: string, path: string): boolean {
  const match = rule.match;
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase())
    return false;
  if (match.path === undefined) return true;
  if (typeof match.path === 'string') return match.path === path;
  match.path.lastIndex = 0;
  return match.path.test(path);
}
