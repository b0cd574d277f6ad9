export type LabelId = number & { readonly __brand: 'LabelId' };
export type TransitionId = number & { readonly __brand: 'TransitionId' };

/** Moves of the arc-standard system. Transition ids: 0 = SHIFT, 1 + 2l = LEFT(l), 2 + 2l = RIGHT(l). */
export const Move = { Shift: 0, Left: 1, Right: 2 } as const;
export type Move = (typeof Move)[keyof typeof Move];

export const SHIFT = 0 as TransitionId;

export const encodeTransition = (move: Move, label: number): TransitionId =>
  (move === Move.Shift ? 0 : 2 * label + move) as TransitionId;

export const moveOf = (t: number): Move => (t === 0 ? Move.Shift : t & 1 ? Move.Left : Move.Right);

export const labelOf = (t: number): LabelId => ((t - 1) >> 1) as LabelId;

export const numTransitions = (numLabels: number): number => 1 + 2 * numLabels;

/** Human-readable name, for logs and tests only. */
export function transitionName(t: number, labels: readonly string[]): string {
  const m = moveOf(t);
  if (m === Move.Shift) return 'SHIFT';
  return `${m === Move.Left ? 'LEFT' : 'RIGHT'}(${labels[labelOf(t)] ?? '?'})`;
}
