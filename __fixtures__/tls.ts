/**
 * TLS for tests: a throw-away certificate for 127.0.0.1/localhost made with openssl, and an
 * HTTPS front that forwards every request to a plain-HTTP server (the emulator), as a
 * TLS-terminating proxy would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  dir: string;
  /** PEM key and certificate (self-signed: the certificate is its own CA). */
  key: string;
  cert: string;
  /** The certificate's file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  /** Deletes the directory, key included. */
  remove(): void;
}

export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'webplus-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return {
    dir,
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsProxy {
  /** e.g. https://127.0.0.1:40123 */
  url: string;
  /** Requests received over TLS. */
  requests: number;
  close(): Promise<void>;
}

/** Serves HTTPS on 127.0.0.1 and forwards each request to `target` (an http:// origin). */
export async function startTlsProxy(
  target: string,
  tls: { key: string; cert: string },
): Promise<TlsProxy> {
  const proxy: TlsProxy = { url: '', requests: 0, close: () => Promise.resolve() };
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    proxy.requests += 1;
    const upstream = httpRequest(
      new URL(req.url ?? '/', target),
      {
        method: req.method ?? 'GET',
        headers: { ...req.headers, 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('proxy: upstream failed');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  proxy.url = `https://127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
