/* eslint-disable @typescript-eslint/no-require-imports -- modules are required inside the timed sections on purpose */
/**
 * Attributes time to the guard inside one synthesis, without touching the guard's files: while
 * guard code runs (enforce, then whatever it registers), every aspect, construct validation and
 * validation plugin it registers is wrapped with a timer. Outermost calls only, so nested guard
 * calls are not counted twice. Time the guard makes the framework spend inside those calls
 * (rendering templates again, resolving tokens) counts as the guard's; framework work outside
 * them (hashing the assembly once more for the extra plugin, formatting its report) does not.
 */
import { performance } from 'perf_hooks';

export class GuardTimer {
  /** Milliseconds spent in guard code (outermost calls). */
  public ms = 0;
  /** Outermost guard calls timed. */
  public calls = 0;
  private depth = 0;

  public get inGuard(): boolean {
    return this.depth > 0;
  }

  public time<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.ms += performance.now() - start;
      this.calls++;
      this.depth--;
    }
  }

  /** Replaces `object[method]` (an own property, so identity and prototype stay) with a timed call. */
  public wrapMethod(object: any, method: string): void {
    const original = object[method];
    if (typeof original !== 'function' || original.__guardTimed) return;
    const timer = this;
    const timed = function (this: unknown, ...args: unknown[]) {
      return timer.time(() => original.apply(this, args));
    };
    (timed as any).__guardTimed = true;
    object[method] = timed;
  }

  /**
   * Hooks the registration points every front end uses: construct validations (constructs),
   * aspects (aws-cdk-lib or cdktf `Aspects`), validation plugins (aws-cdk-lib `Validations`).
   */
  public hookRegistrations(frameworkAspects: any, validations?: any): void {
    const timer = this;
    const constructs = require('constructs');
    patch(constructs.Node.prototype, 'addValidation', (original) => function (this: unknown, validation: any) {
      if (timer.inGuard) timer.wrapMethod(validation, 'validate');
      return original.call(this, validation);
    });
    patch(frameworkAspects.prototype, 'add', (original) => function (this: unknown, aspect: any, ...rest: unknown[]) {
      if (timer.inGuard) timer.wrapMethod(aspect, 'visit');
      return original.call(this, aspect, ...rest);
    });
    if (validations) {
      patch(validations.prototype, 'addPlugins', (original) => function (this: unknown, ...plugins: any[]) {
        if (timer.inGuard) plugins.forEach(p => timer.wrapMethod(p, 'validate'));
        return original.apply(this, plugins);
      });
    }
  }
}

function patch(target: any, method: string, make: (original: (...args: any[]) => any) => (...args: any[]) => any): void {
  target[method] = make(target[method]);
}
