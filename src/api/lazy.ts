/**
 * A value made on first use (a model component the caller may never need). A failed load is
 * not cached: the error is thrown again by the next get(), which tries again.
 */
export class Lazy<T> {
  private value: T | undefined;
  private made = false;
  private readonly make: () => T;

  constructor(make: () => T) {
    this.make = make;
  }

  /** A value that exists already. */
  static of<T>(value: T): Lazy<T> {
    const l = new Lazy(() => value);
    l.get();
    return l;
  }

  get loaded(): boolean {
    return this.made;
  }

  get(): T {
    if (!this.made) {
      this.value = this.make();
      this.made = true;
    }
    return this.value as T;
  }
}
