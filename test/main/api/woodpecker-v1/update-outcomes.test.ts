import { describe, expect, it } from 'vitest';
import {
  matchUpdateOutcomes,
  UnmatchedUpdateAnswer,
} from '../../../../src/main/api/woodpecker-v1/update-outcomes';

const requested = [
  { email: 'jared@piedpiper.com' },
  { email: 'erlichbachman.com' },
  { email: 'x@y.co' },
];

describe('matchUpdateOutcomes', () => {
  it('pairs rows in request order with ok and error outcomes', () => {
    expect(
      matchUpdateOutcomes(requested, [
        { email: 'jared@piedpiper.com', id: 1 },
        { email: 'erlichbachman.com', status: 'ERROR', code: 'E_EMAIL', msg: 'bad email' },
        { email: 'X@Y.co', id: 3, status: 'ERROR', code: 'E_INV_STATUS', msg: 'Status unknown.' },
      ]),
    ).toEqual([
      { index: 0, email: 'jared@piedpiper.com', ok: true, id: 1 },
      { index: 1, email: 'erlichbachman.com', ok: false, code: 'E_EMAIL', message: 'bad email' },
      {
        index: 2,
        email: 'x@y.co',
        ok: false,
        id: 3,
        code: 'E_INV_STATUS',
        message: 'Status unknown.',
      },
    ]);
  });

  it('matches by email when the answer is reordered', () => {
    const outcomes = matchUpdateOutcomes(requested, [
      { email: 'x@y.co', id: 3 },
      { email: 'jared@piedpiper.com', id: 1 },
      { email: 'erlichbachman.com', status: 'ERROR', code: 'E_EMAIL', msg: 'bad' },
    ]);
    expect(outcomes.map((o) => [o.index, o.ok, o.id])).toEqual([
      [0, true, 1],
      [1, false, undefined],
      [2, true, 3],
    ]);
  });

  it('refuses an answer missing a requested prospect', () => {
    expect(() => matchUpdateOutcomes(requested, [{ email: 'x@y.co', id: 3 }])).toThrow(
      UnmatchedUpdateAnswer,
    );
  });
});
