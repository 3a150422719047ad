/** The hand-written SigV4 signer (kept out of the sandbox bundle's way) against @smithy/signature-v4 as the oracle. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest } from '../../../src/kit/forward/sigv4.ts';

async function oracle(url: URL, region: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, headers: Record<string, string>, body: string, date: Date): Promise<string | undefined> {
  const signer = new SignatureV4({ service: 'logs', region, credentials, sha256: Sha256 });
  const signed = await signer.sign(
    { method: 'POST', protocol: url.protocol, hostname: url.hostname, ...(url.port === '' ? {} : { port: Number(url.port) }), path: url.pathname, query: {}, headers: { host: url.host, ...headers }, body },
    { signingDate: date },
  );
  return signed.headers['authorization'];
}

describe('signRequest (SigV4)', () => {
  const date = new Date('2026-11-24T01:02:03.456Z');
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.PutLogEvents' };

  it('matches @smithy/signature-v4 for the real endpoint shape', async () => {
    const url = new URL('https://logs.ca-central-1.amazonaws.com/');
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const body = JSON.stringify({ logGroupName: 'cruddur', logStreamName: 's', logEvents: [{ timestamp: 1, message: 'Hello Cruddur! ünïcødé' }] });
    const signed = signRequest({ url, service: 'logs', region: 'ca-central-1', credentials, headers, body, date });
    assert.equal(signed['x-amz-date'], '20261124T010203Z');
    assert.equal(signed['authorization'], await oracle(url, 'ca-central-1', credentials, headers, body, date));
  });

  it('matches with a session token, a port and a path', async () => {
    const url = new URL('http://127.0.0.1:4566/some path/x');
    const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token-value' };
    const signed = signRequest({ url, service: 'logs', region: 'us-east-1', credentials, headers, body: '{}', date });
    assert.equal(signed['x-amz-security-token'], 'session-token-value');
    assert.match(signed['authorization'] ?? '', /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target,/);
    assert.equal(signed['authorization'], await oracle(url, 'us-east-1', credentials, headers, '{}', date));
  });
});
