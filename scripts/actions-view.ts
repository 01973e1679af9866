/**
 * The runner's log as the Actions UI shows it: workflow commands become what they display
 * (a group is a header, an annotation a labelled line), debug and add-mask lines are hidden
 * unless step debug is on, and the %-escapes of command values are undone.
 */

function unescape(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

const LABELS: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

export function actionsView(raw: string, options: { debug?: boolean } = {}): string {
  const out: string[] = [];
  for (const line of raw.split('\n')) {
    const command = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line);
    if (!command) {
      out.push(line);
      continue;
    }
    const [, name = '', props = '', value = ''] = command;
    const text = unescape(value);
    const indent = '';
    switch (name) {
      case 'group':
        out.push(`▼ ${text}`);
        break;
      case 'endgroup':
        break;
      case 'debug':
        if (options.debug) out.push(`${indent}[debug] ${text}`);
        break;
      case 'add-mask':
        break;
      case 'error':
      case 'warning':
      case 'notice': {
        const title = /title=([^,]*)/.exec(props)?.[1];
        const label = `${LABELS[name]}${title ? `: ${unescape(title)}` : ''}`;
        const [first = '', ...rest] = text.split('\n');
        out.push(`${indent}${label}: ${first}`, ...rest.map((l) => `${indent}  ${l}`));
        break;
      }
      default:
        out.push(`${indent}${line}`);
    }
  }
  return out.join('\n');
}
