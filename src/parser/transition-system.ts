import { ModelError } from '../model/errors.ts';
import { ArcStandard } from './arc-standard.ts';
import { ArcSwap } from './arc-swap.ts';
import type { ParserState } from './state.ts';

/**
 * A transition system: the moves, which are legal in a state and what they do to it (Parsito's
 * `transition_system`: applicable/perform, created by name). Decoders, oracles and feature
 * extraction see a system only through this interface, so another system (swap for non-projective
 * trees) plugs in beside arc-standard. Transition ids are 0 .. numTransitions-1 and index the
 * network's outputs.
 *
 * The decode loop calls these once per transition: implementations allocate nothing and mutate only
 * the state; the one class in use keeps the call sites monomorphic.
 */
export interface TransitionSystem {
  /** Registry name (`arc-standard`); the model manifest's architecture maps to it. */
  readonly name: string;
  readonly numTransitions: number;
  /** True when the system builds only projective trees (training must leave non-projective ones out or lift them). */
  readonly projectiveOnly: boolean;
  /** Human-readable name (`LEFT(nsubj)`), for logs and tests only. */
  transitionName(t: number): string;
  /** True when no transition is left: the tree is complete. */
  isTerminal(state: ParserState): boolean;
  isValid(state: ParserState, t: number): boolean;
  /** valid[t] = 1 for every legal transition, 0 otherwise; returns how many are legal. */
  fillValidMask(state: ParserState, valid: Uint8Array): number;
  /** The word that transition t attaches (gets its head), or -1 when t attaches none. Call before apply. */
  dependentOf(state: ParserState, t: number): number;
  /** Applies a transition the caller has checked is legal. */
  apply(state: ParserState, t: number): void;
}

type SystemFactory = (labels: readonly string[], rootLabel: number) => TransitionSystem;

const SYSTEMS: ReadonlyMap<string, SystemFactory> = new Map<string, SystemFactory>([
  ['arc-standard', (labels, root) => new ArcStandard(labels, root)],
  ['arc-swap', (labels, root) => new ArcSwap(labels, root)],
]);

/** Names createTransitionSystem knows. */
export const TRANSITION_SYSTEMS: readonly string[] = [...SYSTEMS.keys()];

/**
 * The transition system `name` over the dependency relations `labels`, whose relation `rootLabel`
 * (e.g. `root`) is the one that attaches a word to ROOT. Throws ModelError on an unknown name or a
 * label set without the root relation.
 */
export function createTransitionSystem(name: string, labels: readonly string[], rootLabel: string): TransitionSystem {
  const factory = SYSTEMS.get(name);
  if (!factory) throw new ModelError('MODEL_ERR_INVALID', `unknown transition system "${name}" (known: ${TRANSITION_SYSTEMS.join(', ')})`);
  const root = labels.indexOf(rootLabel);
  if (root < 0) throw new ModelError('MODEL_ERR_INVALID', `the label set has no "${rootLabel}" relation`);
  return factory(labels, root);
}
