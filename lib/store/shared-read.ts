// Concurrent reads of the same thing share one store round trip: while a read of a key is in
// flight, later callers for that key (on the same store) join it instead of sending their own.
/** Makes a reader whose concurrent calls per (owner, key) share one in-flight promise. */
export function sharedReads<V>(
  read: (owner: object, key: string) => Promise<V>,
): (owner: object, key: string) => Promise<V> {
  const inFlight = new WeakMap<object, Map<string, Promise<V>>>();
  return (owner, key) => {
    let flights = inFlight.get(owner);
    if (!flights) {
      flights = new Map();
      inFlight.set(owner, flights);
    }
    const joined = flights.get(key);
    if (joined) return joined;
    const flight = read(owner, key).finally(() => flights.delete(key));
    flights.set(key, flight);
    return flight;
  };
}
