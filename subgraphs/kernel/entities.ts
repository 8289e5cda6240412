/**
 * What a domain subgraph knows of the entities platform owns: only their keys. The gateway sends
 * these in `_entities`; domain fields load their records by the key.
 */
export interface LegalPersonRef {
  uscc: string;
}

export interface NaturalPersonRef {
  id: string;
}
