/** placeholder */
export enum Severity { ERROR = 'error', WARNING = 'warning' }
