/** Pure checks on trees given as head arrays (index 0 = ROOT, words 1..n). */

/** Every word has a head in 0..n, exactly one word hangs from ROOT and there is no cycle. */
export function isWellFormedTree(head: ArrayLike<number>, n: number): boolean {
  let roots = 0;
  for (let i = 1; i <= n; i++) {
    const h = head[i];
    if (h === undefined || h < 0 || h > n || h === i) return false;
    if (h === 0) roots++;
  }
  if (roots !== 1) return false;
  for (let i = 1; i <= n; i++) {
    let j = i;
    for (let steps = 0; j !== 0; steps++) {
      if (steps > n) return false;
      j = head[j] ?? -1;
      if (j < 0) return false;
    }
  }
  return true;
}

/** No arc crosses another (ROOT arcs included): every word between h and d is dominated by h. */
export function isProjective(head: ArrayLike<number>, n: number): boolean {
  for (let d = 1; d <= n; d++) {
    const h = head[d] ?? 0;
    const lo = Math.min(h, d), hi = Math.max(h, d);
    for (let k = lo + 1; k < hi; k++) {
      let j = k;
      while (j !== 0 && j !== h) j = head[j] ?? 0;
      if (j !== h) return false;
    }
  }
  return true;
}

/** True when the arc head[d] → d is non-projective: a word between them is not dominated by head[d]. */
export function isNonProjectiveArc(head: ArrayLike<number>, d: number): boolean {
  const h = head[d];
  const lo = Math.min(h, d), hi = Math.max(h, d);
  for (let k = lo + 1; k < hi; k++) {
    let j = k;
    while (j !== 0 && j !== h) j = head[j];
    if (j !== h) return true;
  }
  return false;
}
