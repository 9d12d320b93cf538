/**
 * `target` as its users see it, with the methods in `overrides` in place of its own: a Proxy, so
 * the same prototype (`instanceof` holds), the same fields and getters, and its other methods run
 * on `target` itself (a class's private fields work). The lab watches a student's clerk and end
 * this way without changing what the student's code receives.
 */
export function observed<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, new Observer(overrides));
}

/**
 * The Proxy handler of observed: a class, so that its trap is one function on its prototype
 * rather than a closure per Proxy (the memory tests make two Proxies for each of 100,000 clerks).
 */
class Observer<T extends object> implements ProxyHandler<T> {
  constructor(private readonly overrides: Partial<T>) {}

  get(object: T, property: string | symbol): unknown {
    if (Object.hasOwn(this.overrides, property)) return this.overrides[property as keyof T];
    return ownProperty(object, property);
  }
}

/**
 * A property of a watched object as the object itself would give it: a method comes bound to the
 * object, so it runs on the target (private fields work) and never sees what the Proxy replaces.
 */
export function ownProperty(object: object, property: string | symbol): unknown {
  const value: unknown = Reflect.get(object, property, object);
  return typeof value === "function" ? value.bind(object) : value;
}
