import { badUserInput } from './errors.ts';

/**
 * Global, stable record ids: the domain, the type and the row's key, base64url-encoded so
 * clients treat them as opaque while any subgraph can tell where an id belongs.
 */
export function toGlobalId(domain: string, type: string, key: string | number): string {
  return Buffer.from(`${domain}:${type}:${key}`, 'utf8').toString('base64url');
}

export interface GlobalId {
  domain: string;
  type: string;
  key: string;
}

export function fromGlobalId(id: string, argument = 'id'): GlobalId {
  const text = typeof id === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const m = /^([a-z]+):([A-Za-z]+):(.+)$/.exec(text);
  if (!m) throw badUserInput(argument, 'INVALID_ID', 'is not a record id of this platform');
  return { domain: m[1]!, type: m[2]!, key: m[3]! };
}
