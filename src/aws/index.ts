import { Stack } from 'aws-cdk-lib';
/** placeholder */
export class Probe { public static stackName(s: Stack): string { return s.stackName; } }
