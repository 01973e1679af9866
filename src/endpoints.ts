/**
 * Region → WebPlus endpoint (docs/webplus-api.md), and the rules an endpoint URL must meet.
 * Public hosts only: a runner outside Alibaba Cloud (GitHub-hosted) cannot reach a VPC endpoint.
 */

const HANGZHOU = 'https://webplus.cn-hangzhou.aliyuncs.com';
const CENTRAL = 'https://webplus.aliyuncs.com';

export const REGION_ENDPOINTS: Readonly<Record<string, string>> = {
  'cn-hangzhou': HANGZHOU,
  'cn-beijing': HANGZHOU,
  'cn-shanghai': HANGZHOU,
  'cn-shenzhen': HANGZHOU,
  'cn-zhangjiakou': HANGZHOU,
  ...Object.fromEntries(
    [
      'ap-northeast-1',
      'ap-south-1',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-5',
      'cn-chengdu',
      // The newer SDK maps (and OpenAPI meta) name webplus-vpc.cn-hongkong.aliyuncs.com, a VPC
      // host; aliyun-java-sdk-webplus's map names the public central endpoint (docs/webplus-api.md).
      'cn-hongkong',
      'cn-huhehaote',
      'cn-qingdao',
      'eu-central-1',
      'eu-west-1',
      'me-east-1',
      'us-east-1',
      'us-west-1',
      'cn-hangzhou-finance',
      'cn-shenzhen-finance-1',
      'cn-shanghai-finance-1',
      'cn-north-2-gov-1',
    ].map((region) => [region, CENTRAL]),
  ),
};

export function endpointForRegion(region: string): string | undefined {
  return Object.hasOwn(REGION_ENDPOINTS, region) ? REGION_ENDPOINTS[region] : undefined;
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}

/**
 * Checks an endpoint URL and returns it normalised (origin only, no trailing slash: pop-core
 * would request `//pop/...` while signing `/pop/...`). Returns an error text otherwise.
 */
export function normaliseEndpoint(raw: string): { url: string } | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return {
      error: `"${withoutUserinfo(raw)}" is not a URL (expected e.g. https://webplus.aliyuncs.com)`,
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { error: `must start with https:// (got ${parsed.protocol}//)` };
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return {
      error: `http:// is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost); use https:// for ${parsed.hostname}`,
    };
  }
  if (parsed.username || parsed.password) {
    return { error: 'must not carry credentials (user:password@): they are never printed or sent' };
  }
  if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
    return {
      error: 'must be a bare origin such as https://webplus.aliyuncs.com (no path or query)',
    };
  }
  return { url: parsed.origin };
}

/** The text with anything that looks like URL credentials (`//user:pass@`) replaced: never printed. */
function withoutUserinfo(raw: string): string {
  return raw.replace(/\/\/[^/?#\s]*@/g, '//***@').slice(0, 200);
}
