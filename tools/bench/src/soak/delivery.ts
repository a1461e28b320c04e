import { quantile } from '../stats';

/** How completely a session's utterances reached its listeners (whole audio, replay included). */
export interface Delivery {
  utterances: number;
  listeners: number;
  /** Utterances every listener holds. */
  reachedAll: number;
  /** The fewest utterances one listener holds, and the median listener's. */
  fewestPerListener: number;
  medianPerListener: number;
  /** Listeners holding fewer than all of them. */
  listenersShort: number;
}

/**
 * Counts, for the utterances `utterances` and listeners 0…listenerCount-1, which listener holds
 * which (`holders`: utterance number → indexes of the listeners holding its whole audio).
 *
 * @example
 * deliveryOf([3, 4], 2, new Map([[3, new Set([0, 1])], [4, new Set([0])]]));
 * // { utterances: 2, listeners: 2, reachedAll: 1, fewestPerListener: 1, medianPerListener: 1, listenersShort: 1 }
 */
export function deliveryOf(
  utterances: readonly number[],
  listenerCount: number,
  holders: ReadonlyMap<number, ReadonlySet<number>>,
): Delivery {
  const perListener = Array.from(
    { length: listenerCount },
    (_, listener) => utterances.filter((u) => holders.get(u)?.has(listener)).length,
  );
  const all = utterances.length;
  return {
    utterances: all,
    listeners: listenerCount,
    reachedAll: utterances.filter((u) => (holders.get(u)?.size ?? 0) >= listenerCount).length,
    fewestPerListener: perListener.length === 0 ? all : Math.min(...perListener),
    medianPerListener: perListener.length === 0 ? all : quantile(perListener, 0.5),
    listenersShort: perListener.filter((count) => count < all).length,
  };
}

/**
 * The figure the issue asks for, in one line.
 *
 * @example
 * formatDelivery(delivery); // '370 of 370 utterances reached all 50 listeners; per listener: fewest 370, median 370 (0 short)'
 */
export function formatDelivery(delivery: Delivery): string {
  const { utterances, listeners, reachedAll, fewestPerListener, medianPerListener, listenersShort } =
    delivery;
  return (
    `${reachedAll} of ${utterances} utterances reached all ${listeners} listeners; ` +
    `per listener: fewest ${fewestPerListener}, median ${medianPerListener} (${listenersShort} short)`
  );
}
