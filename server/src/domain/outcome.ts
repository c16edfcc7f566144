/**
 * What a domain command returns: the data for the acknowledgement, and the broadcasts and
 * follow-up work to run once the ack is sent ("broadcasts follow the ack", DESIGN §2).
 */
export interface Outcome<T> {
  data: T;
  effects?: () => Promise<void>;
}

/** An outcome with no follow-up. */
export function done<T>(data: T): Outcome<T> {
  return { data };
}
