/** What the demo expects to happen, checked as it goes and listed at the end. */

/** One expectation and whether it held. */
export interface Expectation {
  readonly description: string;
  readonly held: boolean;
  /** What happened instead, when it did not hold. */
  readonly instead?: string;
}

/** The expectations of one run, in order. */
export class Checklist {
  private readonly items: Expectation[] = [];

  /** Records an expectation; `instead` says what happened when it did not hold. Returns `held`. */
  public expect(description: string, held: boolean, instead?: string): boolean {
    this.items.push({ description, held, instead: held ? undefined : instead });
    return held;
  }

  public get all(): readonly Expectation[] {
    return this.items;
  }

  public get failed(): Expectation[] {
    return this.items.filter(item => !item.held);
  }
}
