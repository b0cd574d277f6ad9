/** Lowercased, digits folded to 0: the form word embeddings and boundary features are keyed by. */
export function normalizeWord(form: string): string {
  return form.toLowerCase().replace(/[0-9]/g, '0');
}
