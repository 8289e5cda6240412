export * from './platform.ts';
export * from './government.ts';
export * from './business.ts';
export * from './social.ts';
export * from './judicial.ts';
export * from './access.ts';
export * from './events.ts';
export * from './identity.ts';
