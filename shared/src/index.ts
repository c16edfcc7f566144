export * from './protocol/index';
export * from './policy/index';
