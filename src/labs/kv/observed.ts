/**
 * `target` as its users see it, with the methods in `overrides` in place of its own: a Proxy, so
 * the same prototype (`instanceof` holds), the same fields and getters, and its other methods run
 * on `target` itself (a class's private fields work). The lab watches a student's clerk and end
 * this way without changing what the student's code receives.
 */
export function observed<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}
