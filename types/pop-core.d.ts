// The typed subset of @alicloud/pop-core's ROAClient this action uses (the package ships no
// declarations for it). Only lib/roa.js is imported, so the RPC client is never loaded.
declare module '@alicloud/pop-core/lib/roa.js' {
  import type { Agent } from 'node:http';

  export interface RoaCredentials {
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string | undefined;
  }

  export interface RoaClientConfig {
    endpoint: string;
    apiVersion: string;
    credentialsProvider: { getCredentials(): Promise<RoaCredentials> };
  }

  /** Passed through to httpx: `timeout` is both the connect and the read time-out, in ms. */
  export interface RoaRequestOptions {
    timeout?: number;
    agent?: Agent;
  }

  /**
   * Resolves with the parsed JSON for a JSON 2xx answer (any `Code`), the raw text for a
   * non-JSON answer of any status; rejects for a JSON answer with status >= 400 (`code`,
   * `statusCode`, `result`), an unparseable JSON body (`name` FormatError), an XML error, or a
   * transport failure.
   */
  export default class ROAClient {
    constructor(config: RoaClientConfig);
    request(
      method: 'GET' | 'POST',
      uriPattern: string,
      query?: Record<string, string>,
      body?: string,
      headers?: Record<string, string>,
      opts?: RoaRequestOptions,
    ): Promise<unknown>;
  }
}
