export * from './policy';
export * from './instant';
export * from './hours';
export * from './sla';
export * from './priority';
export * from './normalize';
export * from './keywords';
export * from './triage';
