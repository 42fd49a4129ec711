export * as aws from './aws';
export * as azure from './azure';
export * as core from './core';
