import { describe, expect, it } from 'vitest';
import {
  classifyHttpError,
  parseErrorEnvelope,
  parseV2Timestamp,
} from '../../../../src/main/api/http/error-envelopes';

describe('classifyHttpError', () => {
  it.each([
    [401, undefined, 'auth'],
    [403, 'E_NO_PERMISSION', 'permission'],
    [404, 'E_URL_NOT_FOUND', 'not_found'],
    [409, 'E_TOO_MANY_REQUESTS', 'rate_limited'],
    [429, undefined, 'rate_limited'],
    [409, undefined, 'bad_request'],
    [409, 'E_DUPLICATE', 'bad_request'],
    [400, 'E_WRONG_PARAM', 'bad_request'],
    [400, 'E_PARSER_ERROR', 'bad_request'],
    [422, undefined, 'bad_request'],
    [500, 'E_UNNOWN', 'server'],
    [503, undefined, 'server'],
    [302, undefined, 'unexpected_response'],
  ] as const)('HTTP %i %s → %s', (status, vendorCode, code) => {
    expect(classifyHttpError(status, vendorCode)).toBe(code);
  });
});

describe('parseErrorEnvelope', () => {
  it('reads the Woodpecker v1 envelope, including the misspelled E_UNNOWN', () => {
    expect(
      parseErrorEnvelope({ status: { status: 'ERROR', code: 'E_UNNOWN', msg: 'Unknown error.' } }),
    ).toEqual({ vendorCode: 'E_UNNOWN', vendorMessage: 'Unknown error.' });
  });

  it('reads the Woodpecker v2 envelope and its UTC timestamp', () => {
    expect(
      parseErrorEnvelope({
        title: 'Unauthorized',
        status: 401,
        detail: 'Invalid api key',
        timestamp: '2025-03-05 17:57:00',
      }),
    ).toEqual({
      vendorMessage: 'Invalid api key',
      details: { vendorTimestamp: '2025-03-05T17:57:00.000Z' },
    });
    expect(parseV2Timestamp('2025-03-05 17:57:00')).toBe(Date.UTC(2025, 2, 5, 17, 57, 0));
    expect(parseV2Timestamp('2025-03-05T17:57:00')).toBeUndefined();
  });

  it('reads the Leads envelope with its details', () => {
    expect(
      parseErrorEnvelope({
        success: false,
        error: 'Lead not found',
        code: 'LEAD_NOT_FOUND',
        details: { leadId: 'lead_x' },
      }),
    ).toEqual({
      vendorCode: 'LEAD_NOT_FOUND',
      vendorMessage: 'Lead not found',
      details: { leadId: 'lead_x' },
    });
  });

  it('yields nothing for bodies that are none of the envelopes', () => {
    expect(parseErrorEnvelope(undefined)).toEqual({});
    expect(parseErrorEnvelope('<html>502 Bad Gateway</html>')).toEqual({});
    expect(parseErrorEnvelope({ status: 'ERROR' })).toEqual({});
  });
});
